package dev.jgrad.tape.internal;

import dev.jgrad.Op;
import dev.jgrad.Rule;
import java.util.Arrays;

/**
 * A part of a tape as a workspace replays it: either plain instructions, swept one by one, or a
 * {@link Loop} run by its generated kernel. The segments cover the instructions in order.
 */
public abstract class Segment {

    /**
     * Computes this segment's values; {@code x} holds the inputs, and {@code terms} has room for the terms of its
     * largest variadic instruction ({@link #variadicTerms}).
     */
    public abstract void forward(Rule[] rules, double[] val, double[] x, double[] terms);

    /** The most terms any variadic instruction of this segment that is not a sum has: the room its forward needs. */
    public int variadicTerms() {
        return 0;
    }

    /**
     * Propagates adjoints backwards through this segment: into {@code adj}, and into {@code gradient} for inputs
     * (which may be {@code adj} itself when inputs are not kept apart).
     */
    public abstract void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient);

    /** Zeroes the adjoints that {@link #reverse} sums in the workspace. */
    public abstract void clearAdjoints(double[] adj);

    /** The bytes this segment keeps; see {@link dev.jgrad.tape.Tape#programBytes()}. */
    public abstract long bytes();

    /** Plain instructions and their reverse-sweep edges, swept with a switch over op codes. */
    public static final class Straight extends Segment {
        private final Piece piece;
        /** The position of the piece's first instruction; the others follow it. */
        private final int base;
        /** The piece's edges (but those into inputs kept apart); null when they are in {@link #narrowEdges}. */
        private final int[] edges;
        /**
         * The same edges as {@code char}s, when every position of the workspace fits in one: half the bytes, which
         * keeps the reverse sweep of a mid-sized tape (micrograd's demo step) within a core's L2 cache.
         */
        private final char[] narrowEdges;

        /**
         * @param narrow whether every workspace position is at most {@link Character#MAX_VALUE}
         */
        public Straight(Piece piece, int base, boolean narrow) {
            this.piece = piece;
            this.base = base;
            if (narrow) {
                narrowEdges = new char[piece.edges.length];
                for (int i = 0; i < narrowEdges.length; i++) {
                    narrowEdges[i] = (char) piece.edges[i];
                }
                edges = null;
            } else {
                narrowEdges = null;
                edges = piece.edges;
            }
            piece.edges = null;
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms) {
            run(piece.ops, piece.args, rules, val, base, terms);
        }

        @Override
        public int variadicTerms() {
            int most = 0;
            for (int i = 0, p = 0; i < piece.ops.length; p += Codes.argCount(piece.ops[i], piece.args, p), i++) {
                if (piece.ops[i] == Codes.CUSTOMN) {
                    most = Math.max(most, piece.args[p + 1]);
                }
            }
            return most;
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient) {
            if (narrowEdges != null) {
                sweep(narrowEdges, val, adj);
            } else {
                sweep(edges, val, adj);
            }
            sweepInto(piece.inputEdges, val, adj, gradient);
        }

        /** The edges, last first: {@code adj[operand] += val[partial] * adj[out]}. */
        private static void sweep(int[] e, double[] val, double[] adj) {
            for (int k = e.length - 3; k >= 0; k -= 3) {
                adj[e[k]] += val[e[k + 1]] * adj[e[k + 2]];
            }
        }

        /** {@link #sweep(int[], double[], double[])} over edges stored as {@code char}s. */
        private static void sweep(char[] e, double[] val, double[] adj) {
            for (int k = e.length - 3; k >= 0; k -= 3) {
                adj[e[k]] += val[e[k + 1]] * adj[e[k + 2]];
            }
        }

        /** Edges into inputs, last first: {@code gradient[operand] += val[partial] * adj[out]}. */
        private static void sweepInto(int[] e, double[] val, double[] adj, double[] gradient) {
            for (int k = e.length - 3; k >= 0; k -= 3) {
                gradient[e[k]] += val[e[k + 1]] * adj[e[k + 2]];
            }
        }

        @Override
        public void clearAdjoints(double[] adj) {
            Arrays.fill(adj, base, base + piece.ops.length, 0);
        }

        @Override
        public long bytes() {
            long edgeBytes = narrowEdges != null ? 2L * narrowEdges.length : 4L * edges.length;
            return piece.ops.length + 4L * piece.args.length + edgeBytes + 4L * piece.inputEdges.length;
        }

        /**
         * The forward sweep. Each case calls a constant of {@link Op}, so the JIT inlines the rule table's formula;
         * rules without a code are called through their interface. A variadic rule's value is its
         * {@link Rule#variadicValue} of the terms gathered into {@code terms} (a sum's is folded here, as that
         * method's default does), as {@link dev.jgrad.Value#apply} takes it.
         */
        private static void run(byte[] ops, int[] args, Rule[] rules, double[] v, int first, double[] terms) {
            int p = 0;
            int s = first;
            for (int i = 0; i < ops.length; i++, s++) {
                double r;
                switch (ops[i]) {
                    case Codes.ADD: r = Op.ADD.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.SUB: r = Op.SUB.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.MUL: r = Op.MUL.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.DIV: r = Op.DIV.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.POW: r = Op.POW.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.NEG: r = Op.NEG.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.EXP: r = Op.EXP.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.LOG: r = Op.LOG.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SQRT: r = Op.SQRT.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.TANH: r = Op.TANH.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SIGMOID: r = Op.SIGMOID.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.RELU: r = Op.RELU.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SIN: r = Op.SIN.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.COS: r = Op.COS.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.ABS: r = Op.ABS.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SIGN: r = Op.SIGN.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.WHERE: r = Op.WHERE.value(v[args[p]], v[args[p + 1]], v[args[p + 2]]); p += 3; break;
                    case Codes.CUSTOM1: r = rules[args[p]].value(v[args[p + 1]], 0, 0); p += 2; break;
                    case Codes.CUSTOM2: r = rules[args[p]].value(v[args[p + 1]], v[args[p + 2]], 0); p += 3; break;
                    case Codes.CUSTOM3:
                        r = rules[args[p]].value(v[args[p + 1]], v[args[p + 2]], v[args[p + 3]]);
                        p += 4;
                        break;
                    case Codes.SUMN: {
                        int k = args[p];
                        r = v[args[p + 1]];
                        for (int j = 2; j <= k; j++) {
                            r = Op.SUM.value(r, v[args[p + j]], 0);
                        }
                        p += k + 1;
                        break;
                    }
                    case Codes.CUSTOMN: {
                        int k = args[p + 1];
                        for (int j = 0; j < k; j++) {
                            terms[j] = v[args[p + 2 + j]];
                        }
                        r = rules[args[p]].variadicValue(terms, k);
                        p += k + 2;
                        break;
                    }
                    case Codes.CONST: case Codes.DATA: p += 1; continue;
                    default: throw new IllegalStateException("corrupt tape: op code " + ops[i] + " at instruction " + i);
                }
                v[s] = r;
            }
        }
    }

    /** A loop run by its generated kernel. */
    public static final class Looped extends Segment {
        final Loop loop;
        /**
         * The workspace adjoints the kernel sums into, as runs: run {@code r} is {@code clearCount[r]} slots from
         * {@code clearFirst[r]}, {@code positionStride} apart. Only a few body positions have any (those read after
         * the loop), so the runs are listed once rather than found among all positions at every replay.
         */
        private final int[] clearFirst;
        private final int[] clearCount;

        public Looped(Loop loop) {
            this.loop = loop;
            int runs = 0;
            for (int t = 0; t < loop.length; t++) {
                if (loop.adjointLo[t] <= loop.adjointHi[t]) {
                    runs++;
                }
            }
            clearFirst = new int[runs];
            clearCount = new int[runs];
            for (int t = 0, r = 0; t < loop.length; t++) {
                if (loop.adjointLo[t] <= loop.adjointHi[t]) {
                    clearFirst[r] = loop.positionBase[t] + loop.adjointLo[t] * loop.positionStride;
                    clearCount[r++] = loop.adjointHi[t] - loop.adjointLo[t] + 1;
                }
            }
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms) {
            loop.kernel.forward(val, terms, x, null, rules, loop.params);
        }

        @Override
        public int variadicTerms() {
            int most = 0;
            for (Loop.Position p : loop.body) {
                if (p.code == Codes.CUSTOMN) {
                    most = Math.max(most, p.operands.length);
                }
            }
            return most;
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient) {
            loop.kernel.reverse(val, adj, x, gradient, rules, loop.params);
        }

        @Override
        public long bytes() {
            long refs = 0;
            for (Loop.Position p : loop.body) {
                refs += p.operands.length + 2L * p.edgeOperands.length;
            }
            return 4L * loop.params.length + 16 * refs + 8L * clearFirst.length;
        }

        @Override
        public void clearAdjoints(double[] adj) {
            int stride = loop.positionStride;
            for (int r = 0; r < clearFirst.length; r++) {
                for (int j = 0, slot = clearFirst[r]; j < clearCount[r]; j++, slot += stride) {
                    adj[slot] = 0;
                }
            }
        }
    }
}
