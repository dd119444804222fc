package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tensor snippet of README.md, as written there, with the results the README states. */
class ReadmeTensorExampleTest {

    /** The tensor example, with PyTorch's numbers (float64) for the loss, the gradient and the Hessian-vector product. */
    @Test
    void tensors() {
        Tensor x = Tensor.of(new double[][] {{0.5, -1.0, 2.0}, {1.5, 0.0, -0.5}});
        Tensor w = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6}, 3, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(2).requiresGrad(true);
        Tensor loss = x.matmul(w).add(b).tanh().crossEntropy(1, 0);
        loss.backward();
        assertEquals(1.2518439119047824, loss.item(), 1e-15);
        assertArrayEquals(new double[] {-0.26628881760803924, 0.36779952831253815, -0.24694570154580708,
            0.05174553228589274, 0.6238119592185951, -0.23471516272361365}, w.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {2}, b.grad().shape());
        try (NoGrad scope = Tensor.noGrad()) {
            int[] predicted = x.matmul(w).add(b).argmax(1);
            assertArrayEquals(new int[] {0, 1}, predicted);
        }
        Tensor g = Tensor.gradients(loss, java.util.List.of(w), true).get(0);
        Tensor hv = Tensor.gradients(g.mul(Tensor.ones(3, 2)).sum(), java.util.List.of(w), false).get(0);
        assertArrayEquals(new double[] {-0.2997695054270228, -0.07389726377906618, 0.4404729629874706,
            0.15151043266849004, -0.8544349179971786, -0.30364018285537303}, hv.toDoubleArray(), 1e-14);
    }
}
