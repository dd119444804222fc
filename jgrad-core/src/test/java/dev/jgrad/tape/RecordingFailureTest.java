package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import dev.jgrad.TestRules;
import dev.jgrad.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rule that throws while its operation is recorded (or returns something that is not a handle) leaves that
 * operation half recorded: the recording must then refuse to go on, whoever catches the exception.
 */
class RecordingFailureTest {

    /** Thrown by the rules' partials below. */
    static final class PartialFailed extends RuntimeException {
        PartialFailed(String rule) {
            super("partial of " + rule + " failed");
        }
    }

    /** A user rule of the given arity (-1: variadic) whose value is 0 and whose every partial throws. */
    static Rule throwingPartial(int arity) {
        return new TestRules.TestRule("throws" + arity, arity) {
            @Override
            public double value(double a, double b, double c) {
                return 0;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                throw new PartialFailed(label());
            }

            @Override
            public int termPartial(Algebra g, int arg, int[] terms, int out) {
                throw new PartialFailed(label());
            }
        };
    }

    /** Applies {@code rule} to {@code x}, as many times as its arity needs (three terms for a variadic rule). */
    static int applyTo(Algebra g, Rule rule, int x) {
        int arity = rule.arity();
        return g.apply(rule, x, arity == 1 ? Algebra.NONE : x, arity == 3 || arity == -1 ? x : Algebra.NONE);
    }

    @Test
    void aCaughtExceptionFromAPartialMakesTheRecordingThrowAtEveryArity() {
        for (int arity : new int[] {1, 2, 3, -1}) {
            Rule rule = throwingPartial(arity);
            for (boolean compileLoops : new boolean[] {true, false}) {
                // as the issue: catch the rule's exception and go on with x * x, whose gradient at 3 is 6
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> Tape.traceAll(1, (g, x) -> {
                            try {
                                applyTo(g, rule, x[0]);
                            } catch (PartialFailed expected) {
                                // the caller goes on
                            }
                            return new int[] {g.mul(x[0], x[0])};
                        }, compileLoops), "arity " + arity);
                assertTrue(e.getMessage().contains("record a new tape"), e.getMessage());
                assertTrue(e.getCause() instanceof PartialFailed, "arity " + arity + ": " + e.getCause());
            }
        }
    }

    @Test
    void finishingThrowsEvenIfTheCallerSwallowsEveryLaterException() {
        Rule rule = throwingPartial(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tape.trace(1, (g, x) -> {
            int out = x[0];
            try {
                applyTo(g, rule, x[0]);
            } catch (RuntimeException swallowed) {
                // ignored
            }
            try {
                out = g.mul(x[0], x[0]);
            } catch (RuntimeException swallowed) {
                // ignored too
            }
            return out;
        }));
        assertTrue(e.getCause() instanceof PartialFailed, String.valueOf(e.getCause()));
    }

    @Test
    void anExceptionWhileALoopIsPredictedMakesTheRecordingThrow() {
        for (int arity : new int[] {1, 2, 3, -1}) {
            Rule rule = throwingPartial(arity);
            for (int failAt : new int[] {700, 701, 1999}) {
                // a traced loop over 2000 inputs: from a few hundred iterations on, the loop predicts each operation
                assertThrows(IllegalStateException.class, () -> Tape.trace(2000, (g, x) -> {
                    int sum = g.constant(0);
                    for (int i = 0; i < x.length; i++) {
                        if (i == failAt) {
                            try {
                                applyTo(g, rule, x[i]);
                            } catch (PartialFailed expected) {
                                // the caller goes on
                            }
                        }
                        sum = g.add(sum, g.mul(x[i], x[i]));
                    }
                    return sum;
                }), "arity " + arity + ", failing at " + failAt);
            }
        }
    }

    @Test
    void anExceptionInsideAPartialBeingRecordedPoisonsTheRecordingToo() {
        // the outer rule's partial applies a rule with a bad operand: the outer operation is half recorded
        Rule outer = new TestRules.TestRule("outer", 1) {
            @Override
            public double value(double a, double b, double c) {
                return a;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return g.mul(a, 1_000_000);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tape.trace(1, (g, x) -> {
            try {
                g.apply(outer, x[0], Algebra.NONE, Algebra.NONE);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("operand 1 of '*' is 1000000"), expected.getMessage());
            }
            return g.mul(x[0], x[0]);
        }));
        assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
    }

    @Test
    void aBadOperandOfAMainOperationLeavesTheRecordingUsable() {
        // nothing is recorded before the operands are checked, so the caller may go on
        Tape tape = Tape.trace(1, (g, x) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.mul(x[0], 7));
            assertTrue(e.getMessage().contains("operand 1 of '*' is 7"), e.getMessage());
            return g.mul(x[0], x[0]);
        });
        double[] grad = new double[1];
        assertEquals(9, tape.newWorkspace().gradient(new double[] {3}, grad));
        assertEquals(6, grad[0]);
    }

    @Test
    void aPartialReturningABadHandleMakesTheRecordingThrow() {
        for (int bad : new int[] {-7, Algebra.NONE, 1_000_000}) {
            Rule rule = new TestRules.TestRule("badhandle", 2) {
                @Override
                public double value(double a, double b, double c) {
                    return a * b;
                }

                @Override
                public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                    return arg == 0 ? b : bad;
                }
            };
            IllegalStateException first = assertThrows(IllegalStateException.class,
                    () -> Tape.trace(2, (g, x) -> g.apply(rule, x[0], x[1], Algebra.NONE)));
            assertTrue(first.getMessage().contains("'badhandle' returned an invalid handle " + bad),
                    first.getMessage());
            IllegalStateException later = assertThrows(IllegalStateException.class, () -> Tape.trace(2, (g, x) -> {
                try {
                    g.apply(rule, x[0], x[1], Algebra.NONE);
                } catch (IllegalStateException expected) {
                    // the caller goes on
                }
                return g.mul(x[0], x[0]);
            }));
            assertTrue(later.getMessage().contains("record a new tape"), later.getMessage());
        }
    }

    @Test
    void recordingAGraphWhoseRuleThrowsPropagatesTheException() {
        for (int arity : new int[] {1, 2, 3, -1}) {
            Rule rule = throwingPartial(arity);
            Value x = Value.of(2);
            Value[] operands = arity == 1 ? new Value[] {x} : arity == 2 ? new Value[] {x, x} : new Value[] {x, x, x};
            Value y = Value.apply(rule, operands);
            assertThrows(PartialFailed.class, () -> Tape.record(y, List.of(x)));
        }
    }
}
