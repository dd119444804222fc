package dev.jgrad.tape;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records operations into the flat arrays of a {@link Tape}, as an {@link Algebra} whose handles are tape slots.
 *
 * <p>While recording, handles are provisional: inputs are {@code 0 .. inputs-1}, instructions follow from
 * {@code inputs} up, and constants count down from {@code -2} (so {@link Algebra#NONE} is never one). {@link #finish}
 * renumbers them into the final layout: inputs, then constants, then instructions.
 *
 * <p>An operation applied by the caller (the user's function, or a node of a {@code Value} graph) is a <em>main</em>
 * instruction: for each operand that is not a constant, its rule's {@link Rule#partial} is called on this same
 * algebra, which appends the partial derivative's expression as further instructions (or, as for {@code a * b}, just
 * returns an existing slot), and one reverse-sweep edge {@code (operand, partial, out)} is stored. Operations applied
 * while a partial is being built are instructions without edges.
 */
final class Recorder implements Algebra {

    private final int inputs;

    private byte[] ops = new byte[64];
    private int opCount;
    private int[] args = new int[128];
    private int argCount;
    private int[] edges = new int[192];
    private int edgeCount;

    private double[] constants = new double[16];
    private int constantCount;
    private final ConstantIndex constantIndex = new ConstantIndex();

    private final List<Rule> rules = new ArrayList<>();
    private final Map<Rule, Integer> ruleIndex = new IdentityHashMap<>();

    /** Above 0 while a rule's partial derivative is being recorded: its instructions get no edges. */
    private int partialDepth;
    private boolean finished;

    Recorder(int inputs) {
        if (inputs < 0) {
            throw new IllegalArgumentException("number of inputs (" + inputs + ") must be >= 0");
        }
        this.inputs = inputs;
    }

    @Override
    public int constant(double value) {
        checkOpen();
        int known = constantIndex.get(Double.doubleToRawLongBits(value));
        if (known != ConstantIndex.ABSENT) {
            return known;
        }
        if (constantCount == constants.length) {
            constants = Arrays.copyOf(constants, constantCount * 2);
        }
        constants[constantCount] = value;
        int handle = -2 - constantCount++;
        constantIndex.put(Double.doubleToRawLongBits(value), handle);
        return handle;
    }

    /**
     * Applies {@code rule}: while a partial is being recorded, one instruction; otherwise a main instruction with its
     * reverse-sweep edges. A variadic rule (arity -1, such as {@link Op#SUM}) takes the operands that are not
     * {@link Algebra#NONE}.
     */
    @Override
    public int apply(Rule rule, int a, int b, int c) {
        checkOpen();
        Objects.requireNonNull(rule, "rule");
        int arity = rule.arity();
        if (arity == -1) {
            int[] terms = b == NONE ? new int[] {a} : c == NONE ? new int[] {a, b} : new int[] {a, b, c};
            return applyVariadic(rule, terms);
        }
        if (arity < 1 || arity > 3) {
            throw new IllegalArgumentException("rule '" + rule.label() + "' has arity " + arity + "; a tape takes 1 to 3");
        }
        checkHandle(a, rule, 0);
        if (arity >= 2) {
            checkHandle(b, rule, 1);
        }
        if (arity >= 3) {
            checkHandle(c, rule, 2);
        }
        int out = emit(rule, arity, a, arity >= 2 ? b : NONE, arity >= 3 ? c : NONE);
        if (partialDepth == 0) {
            // Edges are stored last operand first, so the reverse sweep (which runs backwards) visits operand 0
            // first, in the order of Value.backward(); the sums of gradients then agree to the last bit.
            for (int arg = arity - 1; arg >= 0; arg--) {
                int operand = arg == 0 ? a : arg == 1 ? b : c;
                if (operand >= 0) {
                    edge(operand, partial(rule, arg, a, arity >= 2 ? b : NONE, arity >= 3 ? c : NONE, out), out);
                }
            }
        }
        return out;
    }

    /**
     * Applies a variadic rule to any number of terms, folding the value left to right as {@code Value} does; each
     * term's partial comes from the rule with the term as operand 0. One term is the term itself.
     */
    int applyVariadic(Rule rule, int[] terms) {
        checkOpen();
        if (terms.length == 0) {
            throw new IllegalArgumentException("rule '" + rule.label() + "' given no operands");
        }
        for (int i = 0; i < terms.length; i++) {
            checkHandle(terms[i], rule, i);
        }
        if (terms.length == 1) {
            return terms[0];
        }
        int out = terms[0];
        for (int i = 1; i < terms.length; i++) {
            out = emit(rule, 2, out, terms[i], NONE);
        }
        if (partialDepth == 0) {
            for (int i = terms.length - 1; i >= 0; i--) {
                if (terms[i] >= 0) {
                    edge(terms[i], partial(rule, 0, terms[i], NONE, NONE, out), out);
                }
            }
        }
        return out;
    }

    private int partial(Rule rule, int arg, int a, int b, int c, int out) {
        partialDepth++;
        try {
            int p = rule.partial(this, arg, a, b, c, out);
            if (!isHandle(p)) {
                throw new IllegalStateException(
                        "rule '" + rule.label() + "' returned an invalid handle " + p + " for its partial " + arg);
            }
            return p;
        } finally {
            partialDepth--;
        }
    }

    private int emit(Rule rule, int arity, int a, int b, int c) {
        byte code = Tape.code(rule, arity);
        if (opCount == ops.length) {
            ops = Arrays.copyOf(ops, grow(opCount));
        }
        if (argCount + 4 > args.length) {
            args = Arrays.copyOf(args, grow(args.length));
        }
        ops[opCount] = code;
        if (code >= Tape.CUSTOM1) {
            args[argCount++] = ruleIndex(rule);
        }
        args[argCount++] = a;
        if (arity >= 2) {
            args[argCount++] = b;
        }
        if (arity >= 3) {
            args[argCount++] = c;
        }
        return inputs + opCount++;
    }

    private void edge(int operand, int partial, int out) {
        if (edgeCount + 3 > edges.length) {
            edges = Arrays.copyOf(edges, grow(edges.length));
        }
        edges[edgeCount++] = operand;
        edges[edgeCount++] = partial;
        edges[edgeCount++] = out;
    }

    /** Grows by half, not by doubling, so that recording ten million operations keeps its peak memory low. */
    private static int grow(int length) {
        long next = length + (length >> 1) + 16L;
        if (next > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tape too large: more than " + length + " entries in one array");
        }
        return (int) next;
    }

    private int ruleIndex(Rule rule) {
        Integer index = ruleIndex.get(rule);
        if (index == null) {
            index = rules.size();
            rules.add(rule);
            ruleIndex.put(rule, index);
        }
        return index;
    }

    private boolean isHandle(int h) {
        return h >= 0 ? h < inputs + opCount : h <= -2 && -2 - h < constantCount;
    }

    private void checkHandle(int h, Rule rule, int position) {
        if (!isHandle(h)) {
            throw new IllegalArgumentException("operand " + position + " of '" + rule.label() + "' is " + h
                    + ", not a handle of this recording (" + inputs + " inputs, " + opCount + " instructions, "
                    + constantCount + " constants)");
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this recording is finished; record a new tape instead");
        }
    }

    /**
     * The compiled program for the given output handles. The recorder cannot be used afterwards.
     *
     * @param outputs handles returned by this recorder (or input or constant handles)
     */
    Tape finish(int[] outputs) {
        checkOpen();
        for (int i = 0; i < outputs.length; i++) {
            if (!isHandle(outputs[i])) {
                throw new IllegalArgumentException("output " + i + " is " + outputs[i] + ", not a handle of this recording");
            }
        }
        finished = true;
        int[] finalArgs = Arrays.copyOf(args, argCount);
        Rule[] ruleArray = rules.toArray(new Rule[0]);
        for (int i = 0, p = 0; i < opCount; i++) {
            byte code = ops[i];
            if (code >= Tape.CUSTOM1) {
                p++;
            }
            for (int end = p + Tape.arity(code); p < end; p++) {
                finalArgs[p] = slot(finalArgs[p]);
            }
        }
        int[] finalEdges = Arrays.copyOf(edges, edgeCount);
        for (int i = 0; i < edgeCount; i++) {
            finalEdges[i] = slot(finalEdges[i]);
        }
        int[] finalOutputs = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            finalOutputs[i] = slot(outputs[i]);
        }
        return new Tape(inputs, Arrays.copyOf(constants, constantCount), Arrays.copyOf(ops, opCount), finalArgs,
                ruleArray, finalEdges, finalOutputs);
    }

    private int slot(int handle) {
        if (handle >= inputs) {
            return handle + constantCount;
        }
        return handle >= 0 ? handle : inputs + (-2 - handle);
    }

    /** An open-addressing map from a constant's bits to its handle, so each distinct constant gets one slot. */
    private static final class ConstantIndex {
        static final int ABSENT = 0;
        private long[] keys = new long[32];
        private int[] values = new int[32];
        private int size;

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
                if (values[i] == ABSENT) {
                    return ABSENT;
                }
                if (keys[i] == key) {
                    return values[i];
                }
            }
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                long[] oldKeys = keys;
                int[] oldValues = values;
                keys = new long[oldKeys.length * 2];
                values = new int[oldKeys.length * 2];
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldValues[i] != ABSENT) {
                        insert(oldKeys[i], oldValues[i]);
                    }
                }
            }
            insert(key, value);
            size++;
        }

        private void insert(long key, int value) {
            int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (values[i] != ABSENT) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
