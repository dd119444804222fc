package dev.jgrad.tape.internal;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.Partials;
import dev.jgrad.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain instructions of a lean tape ({@link dev.jgrad.tape.Tape#traceLean}): op codes and operands only, with no
 * instruction for a partial derivative and no edge. The forward sweep is {@link Straight}'s; the reverse sweep walks
 * the instructions backwards and computes each partial derivative from the rule table ({@link Partials}) at the
 * values the forward sweep left, then adds it times the result's adjoint to the operand's, operand 0 first: the
 * additions, products and their order are those of the edges a full recording sweeps, so gradients are the same to
 * the last bit. Operands that no input's derivative reaches (constants, data, what depends on them alone) get
 * nothing, as they get no edge.
 *
 * <p>Its {@link #slots} are the position of its first instruction, then its operand entries.
 */
public final class LeanSegment extends Segment {

    /** The built-in op of each op code of {@link Codes}, by code; null for the codes without one. */
    private static final Op[] OPS = ops();
    /** In {@link #FORM}: the partial is built and evaluated by {@link Partials}. */
    private static final int GENERAL = -2;
    /** In {@link #FORM}: the partial is the constant in {@link #CONSTANT}. */
    private static final int CONSTANT_PARTIAL = -1;
    /** In {@link #FORM}: the partial is the result ({@code d(e^a)/da}); 0 to 2 name the operand it is. */
    private static final int RESULT = 3;
    /**
     * Per built-in op code and operand, the form of its partial, found by asking the rule table once: an operand, the
     * result, a constant or {@link #GENERAL}. The first three are read without calling the rule, as the full
     * recording reads them from the slots its rule returned.
     */
    private static final int[][] FORM = new int[Codes.CUSTOM1][3];
    private static final double[][] CONSTANT = new double[Codes.CUSTOM1][3];

    static {
        for (int code = 0; code < Codes.CUSTOM1; code++) {
            Op op = OPS[code];
            for (int arg = 0; arg < op.arity(); arg++) {
                FormProbe probe = new FormProbe();
                int h = op.partial(probe, arg, 0, op.arity() >= 2 ? 1 : Algebra.NONE,
                        op.arity() >= 3 ? 2 : Algebra.NONE, RESULT);
                boolean constant = !probe.applied && h > RESULT && h - RESULT - 1 < probe.constants.size();
                FORM[code][arg] = probe.applied ? GENERAL : h <= RESULT ? h : constant ? CONSTANT_PARTIAL : GENERAL;
                CONSTANT[code][arg] = constant ? probe.constants.get(h - RESULT - 1) : Double.NaN;
            }
        }
    }

    /** An algebra that notes the constants a partial asks for and whether it applies any operation. */
    private static final class FormProbe implements Algebra {
        final List<Double> constants = new ArrayList<>();
        boolean applied;

        @Override
        public int constant(double value) {
            constants.add(value);
            return RESULT + constants.size();
        }

        @Override
        public int apply(Rule rule, int a, int b, int c) {
            applied = true;
            return RESULT + 1 + constants.size();
        }
    }
    /** Each thread's evaluator and room for a variadic instruction's terms: segments are shared by threads. */
    private static final ThreadLocal<Evaluator> EVALUATOR = ThreadLocal.withInitial(Evaluator::new);

    /** A thread's {@link Partials}, which keeps a register file, and the room its variadic instructions need. */
    private static final class Evaluator {
        final Partials partials = new Partials();
        double[] terms = new double[0];
        double[] termPartials = new double[0];

        void fit(int count) {
            if (terms.length < count) {
                terms = new double[count];
                termPartials = new double[count];
            }
        }
    }

    private final byte[] ops;
    private final int[] args;
    /** The position of the first instruction; the others follow it. */
    private final int base;
    private final int inputs;
    /** One bit per slot after the inputs, shared by the recording's segments: whether it is passive. */
    private final long[] passive;
    private final int variadicTerms;

    /**
     * @param piece   the instructions, in slots (a lean tape's positions are its slots)
     * @param inputs  the tape's number of inputs
     * @param passive one bit per slot from {@code inputs} on: set where no input's derivative reaches the slot
     */
    public LeanSegment(Piece piece, int inputs, long[] passive) {
        this.ops = piece.ops;
        this.args = piece.args;
        this.base = piece.firstSlot;
        this.inputs = inputs;
        this.passive = passive;
        int most = 0;
        for (int i = 0, p = 0; i < ops.length; p += Codes.argCount(ops[i], args, p), i++) {
            if (ops[i] == Codes.SUMN || ops[i] == Codes.CUSTOMN) {
                most = Math.max(most, args[ops[i] == Codes.SUMN ? p : p + 1]);
            }
        }
        variadicTerms = most;
    }

    private static Op[] ops() {
        Op[] ops = new Op[Codes.CONST];
        for (Op op : Op.values()) {
            if (op.arity() >= 1) {
                byte code = Codes.code(op, op.arity());
                if (code < Codes.CUSTOM1) {
                    ops[code] = op;
                }
            }
        }
        return ops;
    }

    @Override
    public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch) {
        Straight.run(ops, args, 0, rules, val, base, terms);
    }

    @Override
    public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch, int free,
            int[] slots, int at) {
        Straight.run(ops, slots, at + 1, rules, val, slots[at], terms);
    }

    @Override
    public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch) {
        sweep(args, 0, base, rules, val, adj, scratch, 0);
    }

    @Override
    public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch,
            int free, int[] slots, int at) {
        sweep(slots, at + 1, slots[at], rules, val, adj, scratch, free);
    }

    /**
     * The reverse sweep over instructions whose operand entries start at {@code entries[from]} and whose first
     * position is {@code first}: {@code scratch} from {@code free} on holds where each instruction's entries start,
     * and {@code terms} room for a variadic instruction's terms and partials.
     */
    private void sweep(int[] entries, int from, int first, Rule[] rules, double[] val, double[] adj, int[] scratch,
            int free) {
        for (int i = 0, p = from; i < ops.length; p += Codes.argCount(ops[i], entries, p), i++) {
            scratch[free + i] = p;
        }
        Evaluator evaluator = EVALUATOR.get();
        evaluator.fit(variadicTerms);
        Partials partials = evaluator.partials;
        double[] terms = evaluator.terms;
        double[] termPartials = evaluator.termPartials;
        for (int i = ops.length - 1; i >= 0; i--) {
            int out = first + i;
            byte code = ops[i];
            if (code == Codes.CONST || code == Codes.DATA || isPassive(passive, out - inputs)) {
                continue;
            }
            int p = scratch[free + i];
            double g = adj[out];
            double r = val[out];
            switch (code) {
                case Codes.SUMN: case Codes.CUSTOMN: {
                    Rule rule = code == Codes.SUMN ? Op.SUM : rules[entries[p]];
                    int k = entries[code == Codes.SUMN ? p : p + 1];
                    int t0 = p + (code == Codes.SUMN ? 1 : 2);
                    for (int j = 0; j < k; j++) {
                        terms[j] = val[entries[t0 + j]];
                    }
                    partials.termPartials(rule, terms, k, r, termPartials);
                    for (int j = 0; j < k; j++) {
                        int t = entries[t0 + j];
                        if (!isPassive(passive, t - inputs)) {
                            adj[t] += termPartials[j] * g;
                        }
                    }
                    break;
                }
                default: {
                    boolean custom = code >= Codes.CUSTOM1;
                    Rule rule = custom ? rules[entries[p]] : OPS[code];
                    int at = custom ? p + 1 : p;
                    int arity = Codes.argCount(code, entries, p) - (custom ? 1 : 0);
                    double a = val[entries[at]];
                    double b = arity >= 2 ? val[entries[at + 1]] : 0;
                    double c = arity >= 3 ? val[entries[at + 2]] : 0;
                    for (int arg = 0; arg < arity; arg++) {
                        int operand = entries[at + arg];
                        if (isPassive(passive, operand - inputs)) {
                            continue;
                        }
                        double partial;
                        switch (custom ? GENERAL : FORM[code][arg]) {
                            case 0: partial = a; break;
                            case 1: partial = b; break;
                            case 2: partial = c; break;
                            case RESULT: partial = r; break;
                            case CONSTANT_PARTIAL: partial = CONSTANT[code][arg]; break;
                            default: partial = partials.partial(rule, arg, a, b, c, r);
                        }
                        adj[operand] += partial * g;
                    }
                }
            }
        }
    }

    /** Whether slot {@code inputs + index} is passive: static and small, for the JIT to inline in the sweep. */
    private static boolean isPassive(long[] passive, int index) {
        return index >= 0 && (passive[index >>> 6] & (1L << index)) != 0;
    }

    @Override
    public void clearAdjoints(double[] adj, int[] scratch) {
        Arrays.fill(adj, base, base + ops.length, 0);
    }

    @Override
    public void clearAdjoints(double[] adj, int[] scratch, int free, int[] slots, int at) {
        Arrays.fill(adj, slots[at], slots[at] + ops.length, 0);
    }

    @Override
    public int variadicTerms() {
        return variadicTerms;
    }

    @Override
    public int scratchNeed() {
        return ops.length;
    }

    @Override
    public long bytes() {
        // the passive bits this segment's instructions take of the shared array
        return ops.length + 4L * args.length + (ops.length + 7) / 8;
    }

    @Override
    public int[] slots() {
        int[] slots = new int[slotCount()];
        slots[0] = base;
        System.arraycopy(args, 0, slots, 1, args.length);
        return slots;
    }

    @Override
    public int slotCount() {
        return 1 + args.length;
    }

    @Override
    public boolean sameShape(Segment other) {
        return other instanceof LeanSegment o && Arrays.equals(ops, o.ops) && args.length == o.args.length;
    }

    @Override
    public int shapeHash() {
        return Arrays.hashCode(ops) * 31 + args.length;
    }

    @Override
    public int[] slotsRead(Sweep sweep) {
        return sweep == Sweep.CLEAR ? new int[] {0, 1} : new int[] {0, 1 + args.length};
    }
}
