package dev.jgrad.cli;

import dev.jgrad.Value;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Schedule;
import dev.jgrad.optim.ArraySgd;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's training step recorded once and replayed: the loss (hinge plus {@code l2} times the sum of squared
 * parameters) and every point's score are recorded on a {@link Tape} as functions of the model's parameters, with
 * the data as constants. Each step replays the loss and its gradient, then takes an {@link ArraySgd} step without
 * momentum, the update {@link dev.jgrad.nn.Sgd} makes, so the losses are those of training on {@link Value} graphs, to
 * the last bit. The network has no data-dependent Java control flow (ReLU is an op), so the recording is valid at every
 * step.
 */
final class CompiledTraining {

    private final List<Value> parameters;
    private final ArraySgd sgd;
    private final Tape tape;
    private final Workspace workspace;
    private final double[] params;
    private final double[] grad;
    private final double[] weights;

    /**
     * Records the loss of {@code model} on the data.
     *
     * @param model    the network (its parameters are the tape's inputs)
     * @param features the points
     * @param labels   each point's label, -1 or 1
     * @param l2       the weight of the sum of squared parameters
     * @param rate     the learning rate per step
     */
    CompiledTraining(MLP model, double[][] features, double[] labels, double l2, Schedule rate) {
        this.parameters = model.parameters();
        List<Value> scores = new ArrayList<>(features.length);
        for (double[] x : features) {
            scores.add(model.apply(x).get(0));
        }
        List<Value> outputs = new ArrayList<>(scores.size() + 1);
        outputs.add(Losses.hinge(scores, labels).add(Losses.l2(parameters).mul(l2)));
        outputs.addAll(scores);
        tape = Tape.record(outputs, parameters);
        workspace = tape.newWorkspace();
        params = new double[parameters.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = parameters.get(i).data();
        }
        grad = new double[params.length];
        sgd = new ArraySgd(params.length, rate, 0, 0);
        weights = new double[outputs.size()];
        weights[0] = 1;
    }

    /**
     * One step: replays the loss, the scores and the loss's gradient at the current parameters, then updates them.
     *
     * @return the loss before the update
     */
    double step() {
        workspace.vjp(params, weights, grad);
        sgd.step(params, grad);
        return workspace.output(0);
    }

    /** Point {@code i}'s score as of the latest step, before its update. */
    double score(int i) {
        return workspace.output(1 + i);
    }

    /** The recorded program. */
    Tape tape() {
        return tape;
    }

    /** Writes the trained parameters back into the model's {@link Value}s. */
    void copyToModel() {
        for (int i = 0; i < params.length; i++) {
            parameters.get(i).setData(params[i]);
        }
    }
}
