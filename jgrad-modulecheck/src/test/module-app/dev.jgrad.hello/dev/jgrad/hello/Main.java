package dev.jgrad.hello;

import dev.jgrad.Value;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.tape.Tape;

/**
 * Uses each exported package of jgrad. Differentiates f(x, y) = xy + x^2 + tanh(y - 4) at (3, 4) with a graph and
 * with a compiled tape: df/dx = y + 2x = 10, df/dy = x + (1 - tanh^2 0) = 4. Then predicts with a one-neuron linear
 * model 2x + 0.5 after a round trip through the model file format: 6.5 at x = 3. Prints the module jgrad was loaded
 * from (null if it came from a class path) and the numbers.
 */
public final class Main {

    private Main() {
    }

    /** Runs the example; takes no arguments. */
    public static void main(String[] args) {
        Value x = Value.of(3);
        Value y = Value.of(4);
        Value f = x.mul(y).add(x.pow(2)).add(y.sub(4).tanh());
        f.backward();
        System.out.println("jgrad module " + Value.class.getModule().getName()
                + ": f = " + f.data() + ", df/dx = " + x.grad() + ", df/dy = " + y.grad());

        Tape tape = Tape.record(f, java.util.List.of(x, y));
        double[] gradient = new double[2];
        double value = tape.newWorkspace().gradient(new double[] {3, 4}, gradient);
        System.out.println("tape: f = " + value + ", df/dx = " + gradient[0] + ", df/dy = " + gradient[1]);

        MLP line = new MLP(1, new int[] {1}, new Activation[] {Activation.LINEAR}, 0);
        line.parameters().get(0).setData(2);
        line.parameters().get(1).setData(0.5);
        SavedModel model = ModelFile.fromJson("line.json",
                ModelFile.toJson(new SavedModel(line, null, SavedModel.REGRESS, null, "y", null)));
        System.out.println("model: prediction at 3 = " + model.predict(new double[] {3}));
    }
}
