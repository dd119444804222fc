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
 * instruction for a partial derivative and no edge. The forward sweep is {@link Straight}'s, on the operands unpacked
 * ({@link #packed}); the reverse sweep walks the instructions backwards and computes each partial derivative from the
 * rule table ({@link Partials}) at the values the forward sweep left, then adds it times the result's adjoint to the
 * operand's, operand 0 first: the additions, products and their order are those of the edges a full recording sweeps,
 * so gradients are the same to the last bit. Operands that no input's derivative reaches (constants, data, what
 * depends on them alone) get nothing, as they get no edge. Adjoints are where {@link LeanAdjoints} puts them, most in
 * a short ring.
 *
 * <p>Its {@link #slots} are the position of its first instruction, then its operand entries.
 */
public final class LeanSegment extends Segment {

    /** Per op code, its entries that are not operand slots ({@link Codes#fixedCount}). */
    private static final int[] FIXED = new int[Codes.DATA + 1];
    /** Per op code, its number of entries, or -1 where a term count among them gives it. */
    private static final int[] ENTRIES = new int[Codes.DATA + 1];

    static {
        for (byte code = 0; code <= Codes.DATA; code++) {
            FIXED[code] = Codes.fixedCount(code);
            ENTRIES[code] = code == Codes.SUMN || code == Codes.CUSTOMN ? -1 : Codes.argCount(code, null, 0);
        }
    }

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
    /**
     * The operand entries, packed: each a variable-length unsigned number of 7 bits a byte, low bits first (1 to 5
     * bytes). A fixed entry (a rule's index, a term count, a constant's or a data input's index) is itself; an operand
     * slot is its distance back from the instruction reading it times 2, or itself times 2 plus 1, whichever is
     * smaller: a value computed just before takes one byte, an input or a data input two or three. A variadic
     * instruction's term count comes again after its terms. The forward sweep unpacks a piece into the workspace's
     * scratch before interpreting it; the reverse sweep unpacks each instruction's backwards as it reaches it.
     */
    private final byte[] packed;
    /** The number of operand entries. */
    private final int entryCount;
    /** The position of the first instruction; the others follow it. */
    private final int base;
    /** Where each slot's adjoint is, shared by the recording's segments. */
    private final LeanAdjoints adjoints;
    /** Whether this segment's {@link #clearAdjoints} also clears the adjoints' ring (one segment of a tape does). */
    private final boolean clearsRing;
    private final int variadicTerms;

    /**
     * @param piece      the instructions, in slots (a lean tape's values are at its slots)
     * @param adjoints   where the adjoints are
     * @param clearsRing whether this segment clears the adjoints' ring: exactly one segment of a tape does
     */
    public LeanSegment(Piece piece, LeanAdjoints adjoints, boolean clearsRing) {
        this.ops = piece.ops;
        this.base = piece.firstSlot;
        this.adjoints = adjoints;
        this.clearsRing = clearsRing;
        this.entryCount = piece.args.length;
        int most = 0;
        for (int i = 0, p = 0; i < ops.length; p += Codes.argCount(ops[i], piece.args, p), i++) {
            if (ops[i] == Codes.SUMN || ops[i] == Codes.CUSTOMN) {
                most = Math.max(most, piece.args[ops[i] == Codes.SUMN ? p : p + 1]);
            }
        }
        variadicTerms = most;
        this.packed = packed(piece);
    }

    /** The piece's operand entries, {@link #packed}. */
    private static byte[] packed(Piece piece) {
        byte[] out = new byte[piece.args.length * 2];
        int n = 0;
        int[] args = piece.args;
        for (int i = 0, p = 0; i < piece.ops.length; i++) {
            byte code = piece.ops[i];
            int entries = Codes.argCount(code, args, p);
            int fixed = FIXED[code];
            long reader = (long) piece.firstSlot + i;
            for (int e = 0; e < entries; e++) {
                long entry = args[p + e];
                if (e >= fixed) {
                    entry = Math.min(2 * (reader - entry), 2 * entry + 1);
                }
                if (out.length - n < 5) {
                    out = Arrays.copyOf(out, 2 * out.length + 5);
                }
                n = pack(out, n, entry);
            }
            if (ENTRIES[code] < 0) {
                // the term count again, last, for the reverse sweep, which reads the entries backwards
                if (out.length - n < 5) {
                    out = Arrays.copyOf(out, 2 * out.length + 5);
                }
                n = pack(out, n, args[p + fixed - 1]);
            }
            p += entries;
        }
        return Arrays.copyOf(out, n);
    }

    /** Packs {@code entry} into {@code out} from {@code n} on, 7 bits a byte, low bits first; returns the end. */
    private static int pack(byte[] out, int n, long entry) {
        do {
            out[n++] = (byte) (entry & 0x7F | (entry >= 0x80 ? 0x80 : 0));
            entry >>>= 7;
        } while (entry != 0);
        return n;
    }

    /**
     * The operand entries as slots, for instructions from slot {@code first} on, decoded into {@code scratch} from
     * {@code free} on.
     */
    private int[] entries(int first, int[] scratch, int free) {
        byte[] in = packed;
        int q = 0;
        for (int i = 0, p = free; i < ops.length; i++) {
            byte code = ops[i];
            int fixed = FIXED[code];
            for (int e = 0; e < fixed; e++) {
                scratch[p + e] = (int) unpack(in, q);
                q = past(in, q);
            }
            // a term count is among the fixed entries: the count is known once they are in
            int entries = ENTRIES[code] >= 0 ? ENTRIES[code] : Codes.argCount(code, scratch, p);
            int reader = first + i;
            for (int e = fixed; e < entries; e++) {
                byte b = in[q++];
                if (b >= 0) {
                    // one byte: a value computed less than 64 slots back, or one of the first 64 slots
                    scratch[p + e] = slot(b, reader);
                } else {
                    scratch[p + e] = slot(unpack(in, q - 1), reader);
                    q = past(in, q - 1);
                }
            }
            if (ENTRIES[code] < 0) {
                q = past(in, q);
            }
            p += entries;
        }
        return scratch;
    }

    /**
     * Unpacks the entries of instruction {@code i}, which end just before {@code packed[q]}, into {@code scratch}
     * from {@code free} on, reading backwards (a variadic instruction's term count is packed again after its terms);
     * returns where they start.
     */
    private int unpackBackwards(int i, int q, int first, int[] scratch, int free) {
        byte code = ops[i];
        int fixed = FIXED[code];
        int entries = ENTRIES[code];
        if (entries < 0) {
            q = start(packed, q);
            entries = fixed + (int) unpack(packed, q);
        }
        int reader = first + i;
        for (int e = entries - 1; e >= 0; e--) {
            q = start(packed, q);
            long entry = unpack(packed, q);
            scratch[free + e] = e < fixed ? (int) entry : slot(entry, reader);
        }
        return q;
    }

    /** Where the packed number that ends just before {@code in[q]} starts. */
    private static int start(byte[] in, int q) {
        int start = q - 1;
        while (start > 0 && in[start - 1] < 0) {
            start--;
        }
        return start;
    }

    /** The operand slot a packed entry of the instruction at slot {@code reader} names (see {@link #packed}). */
    private static int slot(long entry, int reader) {
        return (entry & 1) == 0 ? reader - (int) (entry >>> 1) : (int) (entry >>> 1);
    }

    /** The index just past the packed number starting at {@code in[q]}. */
    private static int past(byte[] in, int q) {
        while (in[q] < 0) {
            q++;
        }
        return q + 1;
    }

    /** The packed number starting at {@code in[q]}. */
    private static long unpack(byte[] in, int q) {
        long entry = 0;
        int shift = 0;
        byte b;
        do {
            b = in[q++];
            entry |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return entry;
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
        Straight.run(ops, entries(base, scratch, 0), 0, rules, val, base, terms);
    }

    @Override
    public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch, int free,
            int[] slots, int at) {
        Straight.run(ops, slots, at + 1, rules, val, slots[at], terms);
    }

    @Override
    public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch) {
        sweep(null, 0, base, rules, val, adj, scratch, 0);
    }

    @Override
    public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch,
            int free, int[] slots, int at) {
        sweep(slots, at + 1, slots[at], rules, val, adj, scratch, free);
    }

    /**
     * The reverse sweep over instructions whose first position is {@code first}, and whose operand entries start at
     * {@code slots[from]}, or, with {@code slots} null, are unpacked from {@link #packed} backwards as the sweep goes;
     * {@code scratch} is free from {@code free} on.
     */
    private void sweep(int[] slots, int from, int first, Rule[] rules, double[] val, double[] adj, int[] scratch,
            int free) {
        if (slots != null) {
            for (int i = 0, p = from; i < ops.length; i++) {
                scratch[free + i] = p;
                p += ENTRIES[ops[i]] >= 0 ? ENTRIES[ops[i]] : Codes.argCount(ops[i], slots, p);
            }
        }
        int[] entries = slots != null ? slots : scratch;
        int q = packed.length;
        Evaluator evaluator = EVALUATOR.get();
        evaluator.fit(variadicTerms);
        Partials partials = evaluator.partials;
        double[] terms = evaluator.terms;
        double[] termPartials = evaluator.termPartials;
        LeanAdjoints at = adjoints;
        for (int i = ops.length - 1; i >= 0; i--) {
            int out = first + i;
            byte code = ops[i];
            int p = free;
            if (slots != null) {
                p = scratch[free + i];
            } else {
                q = unpackBackwards(i, q, first, scratch, free);
            }
            if (code == Codes.CONST || code == Codes.DATA || at.isPassive(out)) {
                continue;
            }
            int outAdjoint = at.index(out);
            double g = adj[outAdjoint];
            if (at.inRing(outAdjoint)) {
                // read for the last time: the entry is the next slot's that shares it
                adj[outAdjoint] = 0;
            }
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
                        if (!at.isPassive(t)) {
                            adj[at.index(t)] += termPartials[j] * g;
                        }
                    }
                    break;
                }
                default: {
                    boolean custom = code >= Codes.CUSTOM1;
                    Rule rule = custom ? rules[entries[p]] : OPS[code];
                    int operands = custom ? p + 1 : p;
                    int arity = Codes.argCount(code, entries, p) - (custom ? 1 : 0);
                    double a = val[entries[operands]];
                    double b = arity >= 2 ? val[entries[operands + 1]] : 0;
                    double c = arity >= 3 ? val[entries[operands + 2]] : 0;
                    for (int arg = 0; arg < arity; arg++) {
                        int operand = entries[operands + arg];
                        if (at.isPassive(operand)) {
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
                        adj[at.index(operand)] += partial * g;
                    }
                }
            }
        }
    }

    @Override
    public void clearAdjoints(double[] adj, int[] scratch) {
        adjoints.clear(adj, base, base + ops.length, clearsRing);
    }

    @Override
    public void clearAdjoints(double[] adj, int[] scratch, int free, int[] slots, int at) {
        adjoints.clear(adj, slots[at], slots[at] + ops.length, clearsRing);
    }

    @Override
    public int variadicTerms() {
        return variadicTerms;
    }

    @Override
    public int scratchNeed() {
        return entryCount + ops.length;
    }

    @Override
    public long bytes() {
        // the adjoints' layout is shared: counted with the segment that clears its ring
        return ops.length + packed.length + (clearsRing ? adjoints.bytes() : 0);
    }

    @Override
    public int[] slots() {
        int[] slots = new int[slotCount()];
        slots[0] = base;
        int[] entries = entries(base, new int[entryCount], 0);
        System.arraycopy(entries, 0, slots, 1, entryCount);
        return slots;
    }

    @Override
    public int slotCount() {
        return 1 + entryCount;
    }

    @Override
    public boolean sameShape(Segment other) {
        return other instanceof LeanSegment o && Arrays.equals(ops, o.ops) && entryCount == o.entryCount;
    }

    @Override
    public int shapeHash() {
        return Arrays.hashCode(ops) * 31 + entryCount;
    }

    @Override
    public int[] slotsRead(Sweep sweep) {
        return sweep == Sweep.CLEAR ? new int[] {0, 1} : new int[] {0, 1 + entryCount};
    }
}
