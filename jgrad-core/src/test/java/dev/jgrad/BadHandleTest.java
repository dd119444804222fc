package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.Tape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A user rule whose partial returns something that is not a handle, or applies an operation to one, is named with
 * its fault by every engine and algebra, never answered with an index out of bounds (or, worse, a number).
 */
class BadHandleTest {

    /** A rule of the given arity (-1: variadic) whose partial hands {@code fault} the handles it was given. */
    static Rule faulty(int arity, Fault fault) {
        return new TestRules.TestRule("faulty", arity) {
            @Override
            public double value(double a, double b, double c) {
                return a * (arity >= 2 || arity == -1 ? b : 1) * (arity == 3 ? c : 1);
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return fault.partial(g, a, out);
            }

            @Override
            public int termPartial(Algebra g, int arg, int[] terms, int out) {
                return fault.partial(g, terms[arg], out);
            }
        };
    }

    /** How a faulty partial goes wrong, given the handle of its (first) operand and of the result. */
    @FunctionalInterface
    interface Fault {
        int partial(Algebra g, int operand, int out);
    }

    /** Faults every algebra can tell, whatever its handles are: negative, absent, or far beyond any issued. */
    static Map<String, Fault> returnedFaults() {
        Map<String, Fault> faults = new LinkedHashMap<>();
        faults.put("-7", (g, operand, out) -> -7);
        faults.put(String.valueOf(Algebra.NONE), (g, operand, out) -> Algebra.NONE);
        faults.put("1000000", (g, operand, out) -> 1_000_000);
        return faults;
    }

    /** The engines, each differentiating {@code rule} applied to a leaf at 1.5 (its arity's worth of times). */
    static Map<String, Executable> engines(Rule rule) {
        int count = rule.arity() == -1 ? 3 : rule.arity();
        ScalarFunction f = x -> {
            Value[] operands = new Value[count];
            for (int i = 0; i < count; i++) {
                operands[i] = x[0].mul(i + 1);
            }
            return Value.apply(rule, operands);
        };
        Map<String, Executable> engines = new LinkedHashMap<>();
        engines.put("Value.backward", () -> f.apply(new Value[] {Value.of(1.5)}).backward());
        engines.put("Grad.grad", () -> Grad.grad(f, 1.5));
        engines.put("Grad.jvp", () -> Grad.jvp(x -> new Value[] {f.apply(x)}, new double[] {1.5}, new double[] {1}));
        engines.put("Grad.hessian", () -> Grad.hessian(f, 1.5));
        engines.put("Grad.gradient as a graph", () -> {
            Value x = Value.of(1.5);
            Grad.gradient(f.apply(new Value[] {x}), List.of(x), true);
        });
        engines.put("Grad.derivatives", () -> Grad.derivatives(x -> f.apply(new Value[] {x}), 1.5, 3));
        engines.put("Tape.record", () -> Tape.record(new double[] {1.5}, f));
        return engines;
    }

    @Test
    void aPartialReturningABadHandleIsNamedByEveryEngineAtEveryArity() {
        for (int arity : new int[] {1, 2, 3, -1}) {
            for (Map.Entry<String, Fault> fault : returnedFaults().entrySet()) {
                Rule rule = faulty(arity, fault.getValue());
                for (Map.Entry<String, Executable> engine : engines(rule).entrySet()) {
                    String where = engine.getKey() + ", arity " + arity + ", handle " + fault.getKey();
                    IllegalStateException e = assertThrows(IllegalStateException.class, engine.getValue(), where);
                    assertTrue(e.getMessage().contains("rule 'faulty' returned an invalid handle " + fault.getKey()),
                            where + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void aPartialApplyingAnOperationToABadHandleIsNamedByEveryEngine() {
        List<Fault> faults = new ArrayList<>();
        faults.add((g, operand, out) -> g.mul(operand, 1_000_000));
        faults.add((g, operand, out) -> g.mul(operand, -3));
        faults.add((g, operand, out) -> g.apply(Op.SUM, operand, out, 1_000_000));
        faults.add((g, operand, out) -> g.apply(Op.WHERE, operand, out, Algebra.NONE));
        for (int arity : new int[] {1, 2, 3, -1}) {
            for (Fault fault : faults) {
                Rule rule = faulty(arity, fault);
                for (Map.Entry<String, Executable> engine : engines(rule).entrySet()) {
                    String where = engine.getKey() + ", arity " + arity;
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, engine.getValue(),
                            where);
                    assertTrue(e.getMessage().matches("operand \\d of '(\\*|sum|where)' is -?\\d+, not a handle.*"),
                            where + ": " + e.getMessage());
                }
            }
        }
    }

    @Test
    void anOperandTheRuleDoesNotHaveIsNotAHandleInTheGraphEngines() {
        // a unary rule's partial returning handle 1 or 2 (where a binary rule's b and c would be): in the algebras
        // that pass the operands at fixed handles, these would read a stale register or a missing node
        for (int absent : new int[] {1, 2}) {
            Rule rule = faulty(1, (g, operand, out) -> absent);
            Map<String, Executable> engines = engines(rule);
            for (String name : List.of("Value.backward", "Grad.grad", "Grad.jvp", "Grad.hessian",
                    "Grad.gradient as a graph")) {
                IllegalStateException e = assertThrows(IllegalStateException.class, engines.get(name), name);
                assertTrue(e.getMessage().contains("returned an invalid handle " + absent), e.getMessage());
            }
        }
        Rule usesC = faulty(2, (g, operand, out) -> g.mul(operand, 2));
        Consumer<Executable> named = run -> assertTrue(assertThrows(IllegalArgumentException.class, run)
                .getMessage().contains("operand 1 of '*' is 2"));
        named.accept(engines(usesC).get("Value.backward"));
        named.accept(engines(usesC).get("Grad.hessian"));
    }

    @Test
    void rulesOfAnArityNoEngineTakesAreRefusedInDerivativeExpressions() {
        Rule nullary = new TestRules.TestRule("nullary", 0) {
            @Override
            public double value(double a, double b, double c) {
                return 1;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return a;
            }
        };
        Rule rule = faulty(1, (g, operand, out) -> g.apply(nullary, operand, Algebra.NONE, Algebra.NONE));
        for (Map.Entry<String, Executable> engine : engines(rule).entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, engine.getValue(),
                    engine.getKey());
            assertTrue(e.getMessage().contains("'nullary' has arity 0"), engine.getKey() + ": " + e.getMessage());
        }
    }

    /** The refusals that count operands or handles say "1 operand" and "1 handle" (they said "1 operands"). */
    @Test
    void aCountOfOneTakesTheSingular() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Value.apply(TestRules.SQUARE_PLUS, Value.of(1)));
        assertEquals("rule 'sqplus' of arity 2 given 1 operand", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradCheck.checkRule(TestRules.SQUARE_PLUS, 1));
        assertEquals("rule 'sqplus' of arity 2 given 1 operand", e.getMessage());
        ValueAlgebra g = new ValueAlgebra();
        int one = g.constant(1);
        e = assertThrows(IllegalArgumentException.class, () -> g.applyVariadic(Op.MUL, one));
        assertEquals("rule '*' of arity 2 cannot take 1 operand as a variadic rule", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.apply(Op.NEG, 5, Algebra.NONE, Algebra.NONE));
        assertTrue(e.getMessage().contains("(1 handle issued;"), e.getMessage());
    }

    /**
     * A rule of arity 4 applied to four values: the refusal says the arity is what is wrong (it once read "rule
     * 'quaternary' of arity 4 given 4 operands", which names no fault).
     */
    @Test
    void aRuleOfAnArityNoEngineTakesIsRefusedWithItsArityWhenApplied() {
        Rule quaternary = new TestRules.TestRule("quaternary", 4) {
            @Override
            public double value(double a, double b, double c) {
                return a;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return g.constant(1);
            }
        };
        Value[] four = {Value.of(1), Value.of(2), Value.of(3), Value.of(4)};
        String expected = "rule 'quaternary' has arity 4; a rule takes 1 to 3 operands, or is variadic (-1)";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Value.apply(quaternary, four));
        assertEquals(expected, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradCheck.checkRule(quaternary, 1, 2, 3, 4));
        assertEquals(expected, e.getMessage());
    }
}
