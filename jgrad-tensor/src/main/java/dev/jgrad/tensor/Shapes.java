package dev.jgrad.tensor;

import java.util.Arrays;

/** Arithmetic on shapes and strides: sizes, row-major strides, broadcasting and the checks with their messages. */
final class Shapes {

    private Shapes() {
    }

    /** The number of elements of a shape (1 for the shape {@code []} of a scalar). */
    static int size(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) n;
    }

    /** The strides of a contiguous row-major tensor of this shape. */
    static int[] rowMajor(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** Checks a shape given by a caller: every size at least 0. */
    static int[] checked(String op, int[] shape) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": size " + shape[i] + " at position " + i + " of shape "
                        + Arrays.toString(shape) + " is negative");
            }
        }
        size(shape);
        return shape.clone();
    }

    /** An axis given by a caller, negative counting from the end ({@code -1} is the last), as a position. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of "
                    + rank + " dimensions");
        }
        return a;
    }

    /** Axes given by a caller as a mask over the dimensions; no axes at all means every axis. */
    static boolean[] axes(String op, int[] axes, int rank) {
        boolean[] mask = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int axis : axes) {
            int a = axis(op, axis, rank);
            if (mask[a]) {
                throw new IllegalArgumentException(op + ": axis " + axis + " is given twice in "
                        + Arrays.toString(axes));
            }
            mask[a] = true;
        }
        return mask;
    }

    /** The shape with the masked axes set to 1 (a reduction that keeps its dimensions). */
    static int[] reduced(int[] shape, boolean[] mask) {
        int[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (mask[i]) {
                out[i] = 1;
            }
        }
        return out;
    }

    /** The shape without the masked axes. */
    static int[] removed(int[] shape, boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 0 : 1;
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /**
     * NumPy's broadcast of two shapes: aligned at the right, each pair of sizes equal or one of them 1.
     *
     * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
     */
    static int[] broadcast(String op, int[] a, int[] b) {
        return broadcast(op, new int[][] {a, b});
    }

    /**
     * NumPy's broadcast of any number of shapes: aligned at the right, the sizes at each axis all equal apart from
     * those that are 1.
     *
     * @throws IllegalArgumentException naming the op and every shape when they do not broadcast
     */
    static int[] broadcast(String op, int[][] shapes) {
        int rank = 0;
        for (int[] shape : shapes) {
            rank = Math.max(rank, shape.length);
        }
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = 1;
            for (int[] shape : shapes) {
                int size = i < rank - shape.length ? 1 : shape[i - (rank - shape.length)];
                if (size != out[i] && size != 1 && out[i] != 1) {
                    throw new IllegalArgumentException(op + ": shapes " + listed(shapes) + " do not broadcast (sizes "
                            + out[i] + " and " + size + " at axis " + (i - rank) + ")");
                }
                out[i] = size == 1 ? out[i] : size;
            }
        }
        return out;
    }

    /** The shapes as {@code [2, 3] and [4]}, or {@code [2, 1], [3] and [2]}. */
    private static String listed(int[][] shapes) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < shapes.length; k++) {
            sb.append(k == 0 ? "" : k == shapes.length - 1 ? " and " : ", ").append(Arrays.toString(shapes[k]));
        }
        return sb.toString();
    }

    /** The shape padded on the left with 1s to {@code rank} dimensions. */
    static int[] leftPadded(int[] shape, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    /**
     * Strides under which storage laid out as {@code (shape, strides)} reads as {@code newShape} in row-major order,
     * or {@code null} if no strides can (then a reshape must copy). Each run of old axes that are contiguous with one
     * another may be split or merged freely; axes of size 1 come and go.
     */
    static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        if (size(shape) == 0) {
            return rowMajor(newShape);
        }
        int[] out = new int[newShape.length];
        int view = newShape.length - 1;
        int base = shape.length == 0 ? 1 : strides[shape.length - 1];
        long oldCount = 1;
        long newCount = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            oldCount *= shape[axis];
            boolean runEnds = axis == 0 || shape[axis - 1] != 1 && strides[axis - 1] != oldCount * base;
            if (runEnds) {
                while (view >= 0 && (newCount < oldCount || newShape[view] == 1)) {
                    out[view] = (int) (newCount * base);
                    newCount *= newShape[view];
                    view--;
                }
                if (newCount != oldCount) {
                    return null;
                }
                if (axis > 0) {
                    base = strides[axis - 1];
                    oldCount = 1;
                    newCount = 1;
                }
            }
        }
        while (view >= 0 && newShape[view] == 1) {
            out[view] = 1;
            view--;
        }
        return view == -1 ? out : null;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
