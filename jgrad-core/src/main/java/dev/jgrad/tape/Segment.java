package dev.jgrad.tape;

import dev.jgrad.Op;
import dev.jgrad.Rule;
import java.util.Arrays;

/**
 * A part of a {@link Tape} as a {@link Workspace} replays it: either plain instructions, swept one by one, or a
 * {@link Loop} run by its generated kernel. The segments cover the instructions in order.
 */
abstract class Segment {

    /** Computes this segment's values. */
    abstract void forward(Tape tape, double[] val);

    /** Propagates adjoints backwards through this segment. */
    abstract void reverse(Tape tape, double[] val, double[] adj);

    /** Zeroes the adjoints that {@link #reverse} sums in the workspace. */
    abstract void clearAdjoints(Tape tape, double[] adj);

    /** Instructions of one block, and their reverse-sweep edges, swept with a switch over op codes. */
    static final class Straight extends Segment {
        final int firstInstruction;
        final int endInstruction;
        private final int block;
        private final int from;
        private final int to;
        private final int argStart;
        private final int edgeFrom;
        private final int edgeTo;

        /** Instructions {@code first..end-1}, all in one block; their operands start at {@code argStart}. */
        Straight(Tape tape, int first, int end, int argStart, int edgeFrom, int edgeTo) {
            this.firstInstruction = first;
            this.endInstruction = end;
            this.block = first >>> Tape.BLOCK_SHIFT;
            this.from = first & (Tape.BLOCK - 1);
            this.to = from + (end - first);
            this.argStart = argStart;
            this.edgeFrom = edgeFrom;
            this.edgeTo = edgeTo;
        }

        @Override
        void forward(Tape tape, double[] val) {
            run(tape.ops[block], tape.args[block], tape.rules, val, from, to, argStart,
                    tape.inputs + firstInstruction);
        }

        @Override
        void reverse(Tape tape, double[] val, double[] adj) {
            int e = edgeTo;
            while (e > edgeFrom) {
                int chunk = (e - 1) >>> 16;
                int first = Math.max(edgeFrom, chunk << 16);
                sweep(tape.edges[chunk], val, adj, 3 * (first & 0xFFFF), 3 * ((e - 1) & 0xFFFF));
                e = first;
            }
        }

        @Override
        void clearAdjoints(Tape tape, double[] adj) {
            Arrays.fill(adj, tape.inputs + firstInstruction, tape.inputs + endInstruction, 0);
        }

        /**
         * The forward sweep. Each case calls a constant of {@link Op}, so the JIT inlines the rule table's formula;
         * rules without a code are called through their interface. Variadic rules fold left to right, as
         * {@link dev.jgrad.Value#apply} does.
         */
        private static void run(byte[] ops, int[] args, Rule[] rules, double[] v, int from, int to, int argStart,
                int firstSlot) {
            int p = argStart;
            int s = firstSlot;
            for (int i = from; i < to; i++, s++) {
                double r;
                switch (ops[i]) {
                    case Tape.ADD: r = Op.ADD.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Tape.SUB: r = Op.SUB.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Tape.MUL: r = Op.MUL.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Tape.DIV: r = Op.DIV.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Tape.POW: r = Op.POW.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Tape.NEG: r = Op.NEG.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.EXP: r = Op.EXP.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.LOG: r = Op.LOG.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.SQRT: r = Op.SQRT.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.TANH: r = Op.TANH.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.SIGMOID: r = Op.SIGMOID.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.RELU: r = Op.RELU.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.SIN: r = Op.SIN.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.COS: r = Op.COS.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.ABS: r = Op.ABS.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.SIGN: r = Op.SIGN.value(v[args[p]], 0, 0); p += 1; break;
                    case Tape.WHERE: r = Op.WHERE.value(v[args[p]], v[args[p + 1]], v[args[p + 2]]); p += 3; break;
                    case Tape.CUSTOM1: r = rules[args[p]].value(v[args[p + 1]], 0, 0); p += 2; break;
                    case Tape.CUSTOM2: r = rules[args[p]].value(v[args[p + 1]], v[args[p + 2]], 0); p += 3; break;
                    case Tape.CUSTOM3:
                        r = rules[args[p]].value(v[args[p + 1]], v[args[p + 2]], v[args[p + 3]]);
                        p += 4;
                        break;
                    case Tape.SUMN: {
                        int k = args[p];
                        r = v[args[p + 1]];
                        for (int j = 2; j <= k; j++) {
                            r = Op.SUM.value(r, v[args[p + j]], 0);
                        }
                        p += k + 1;
                        break;
                    }
                    case Tape.CUSTOMN: {
                        Rule rule = rules[args[p]];
                        int k = args[p + 1];
                        r = v[args[p + 2]];
                        for (int j = 3; j <= k + 1; j++) {
                            r = rule.value(r, v[args[p + j]], 0);
                        }
                        p += k + 2;
                        break;
                    }
                    case Tape.CONST: p += 1; continue;
                    default: throw new IllegalStateException("corrupt tape: op code " + ops[i] + " at instruction " + i);
                }
                v[s] = r;
            }
        }

        /** Edges from entry {@code last} down to entry {@code first} of a chunk: three loads and one store each. */
        private static void sweep(int[] e, double[] v, double[] a, int first, int last) {
            for (int k = last; k >= first; k -= 3) {
                a[e[k]] += v[e[k + 1]] * a[e[k + 2]];
            }
        }
    }

    /** A loop run by its generated kernel. */
    static final class Looped extends Segment {
        final Loop loop;

        Looped(Loop loop) {
            this.loop = loop;
        }

        @Override
        void forward(Tape tape, double[] val) {
            loop.kernel.forward(val, null, tape.rules, loop.params);
        }

        @Override
        void reverse(Tape tape, double[] val, double[] adj) {
            loop.kernel.reverse(val, adj, tape.rules, loop.params);
        }

        @Override
        void clearAdjoints(Tape tape, double[] adj) {
            for (int t = 0; t < loop.length; t++) {
                for (int j = loop.adjointLo[t]; j <= loop.adjointHi[t]; j++) {
                    adj[loop.firstSlot + j * loop.length + t] = 0;
                }
            }
        }
    }
}
