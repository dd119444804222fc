package dev.jgrad.cli;

import dev.jgrad.Value;
import dev.jgrad.internal.Plural;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Datasets;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Schedule;
import dev.jgrad.nn.Sgd;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad demo}: micrograd's demo notebook. An MLP 2-16-16-1 (ReLU, linear output) learns to separate 100
 * two-moons points (noise 0.1) with the max-margin (hinge) loss plus 1e-4 times the sum of squared parameters, by
 * full-batch SGD with the learning rate {@code 1 - 0.9 k/steps} at step {@code k}.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Trains micrograd's demo network on two moons and draws the result.", "",
                "Runs micrograd's demo: trains a 2-16-16-1 network (ReLU) on 100 two-moons points (noise 0.1) "
                + "with the hinge loss + 1e-4 L2 and SGD at rate 1 - 0.9k/steps, showing the loss and accuracy as it "
                + "goes, then prints the final accuracy and writes decision-boundary.png (the points and the learned "
                + "regions) and loss.png (loss and accuracy per step) into --out, which is created if missing.",
                "",
                Main.OUTPUT_RULE},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad demo",
                  "  jgrad demo --compiled",
                  "  jgrad demo --out pictures --seed 7 --steps 200"})
final class DemoCommand implements Callable<Integer> {

    /** The default seed: micrograd's {@code np.random.seed(1337)}. */
    static final long DEFAULT_SEED = 1337;
    static final int POINTS = 100;
    static final double NOISE = 0.1;
    static final double L2 = 1e-4;
    static final String BOUNDARY = "decision-boundary.png";
    static final String LOSS = "loss.png";
    /** The most --steps: about an hour of training here; far beyond where the loss stops falling. */
    static final int MAX_STEPS = 1_000_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write decision-boundary.png and loss.png (default: the current directory).")
    private Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + DEFAULT_SEED,
            description = "Seed of the data and of the initial weights (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Training steps, 1 to " + MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--compiled",
            description = "Record the training step once on a compiled tape and replay it (same losses, faster).")
    private boolean compiled;

    /**
     * What a run produced, for the command's output and for tests: the loss and accuracy at the steps kept by a
     * {@link LossHistory} (every step for runs of at most {@link LossHistory#CAPACITY} steps); {@code correct}
     * counts the trained model's hits.
     */
    record Run(LossHistory history, int correct, MLP model, Dataset data) {

        /** The loss at each kept step. */
        double[] losses() {
            return history.losses();
        }

        /** The accuracy at each kept step. */
        double[] accuracies() {
            return history.accuracies();
        }

        /** The share of points the trained model classifies correctly. */
        double finalAccuracy() {
            return correct / (double) data.size();
        }
    }

    /**
     * Trains as micrograd's demo does.
     *
     * @param seed     seed of the data and weights
     * @param steps    number of SGD steps
     * @param progress told after each step
     * @return the losses and accuracies of the steps and the final accuracy
     */
    static Run train(long seed, int steps, Progress progress) {
        return train(seed, steps, progress, false);
    }

    /**
     * Trains as micrograd's demo does, building the graph at every step or, if {@code compiled}, recording it once
     * and replaying it (see {@link CompiledTraining}); both give the same losses.
     *
     * @param seed     seed of the data and weights
     * @param steps    number of SGD steps
     * @param progress told after each step
     * @param compiled whether to replay a recorded step
     * @return the losses and accuracies per step and the final accuracy
     */
    static Run train(long seed, int steps, Progress progress, boolean compiled) {
        Dataset data = Datasets.moons(POINTS, NOISE, seed);
        double[] labels = new double[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.targets()[i] > 0 ? 1 : -1;
        }
        MLP model = MLP.of(seed, 2, 16, 16, 1);
        LossHistory history = new LossHistory();
        if (compiled) {
            CompiledTraining training =
                    new CompiledTraining(model, data.features(), labels, L2, Schedule.linear(1.0, 0.1, steps));
            for (int k = 0; k < steps; k++) {
                double loss = training.step();
                double accuracy = correct(training::score, labels) / (double) labels.length;
                history.add(k + 1, loss, Double.NaN, accuracy);
                report(progress, loss, accuracy);
            }
            training.copyToModel();
        } else {
            Optimizer sgd = new Sgd(model.parameters(), Schedule.linear(1.0, 0.1, steps), 0);
            for (int k = 0; k < steps; k++) {
                List<Value> scores = new ArrayList<>(data.size());
                for (double[] x : data.features()) {
                    scores.add(model.apply(x).get(0));
                }
                Value loss = Losses.hinge(scores, labels).add(Losses.l2(model.parameters()).mul(L2));
                double accuracy = correct(i -> scores.get(i).data(), labels) / (double) labels.length;
                sgd.zeroGrad();
                loss.backward();
                sgd.step();
                history.add(k + 1, loss.data(), Double.NaN, accuracy);
                report(progress, loss.data(), accuracy);
            }
        }
        return new Run(history, correct(i -> model.predict(data.features()[i])[0], labels), model, data);
    }

    /** How many points have a score on their label's side of 0. */
    private static int correct(IntToDoubleFunction score, double[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((score.applyAsDouble(i) > 0) == (labels[i] > 0)) {
                right++;
            }
        }
        return right;
    }

    /**
     * Checks a --steps value before anything is allocated or run.
     *
     * @throws InputException if it is below 1 or above {@link #MAX_STEPS}
     */
    static void checkSteps(int steps) {
        if (steps < 1) {
            throw new InputException("jgrad: --steps must be at least 1, got " + steps);
        }
        if (steps > MAX_STEPS) {
            throw new InputException("jgrad: --steps must be at most " + MAX_STEPS + ", got " + steps);
        }
    }

    private static void report(Progress progress, double loss, double accuracy) {
        progress.step(String.format(Locale.ROOT, "loss %.4f  accuracy %.1f%%", loss, 100 * accuracy));
    }

    @Override
    public Integer call() throws IOException {
        checkSteps(steps);
        AtomicFiles.checkOutputDirectory("--out", out, BOUNDARY, LOSS);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Training an MLP 2-16-16-1 on " + POINTS + " two-moons points (seed " + seed + ", "
                + Plural.of(steps, "step") + " of SGD, hinge loss + 1e-4 L2)");
        stdout.flush();
        Run run;
        try (Progress progress = Progress.open("demo", "step", steps, stdout, Progress.terminal(System.out))) {
            run = train(seed, steps, progress, compiled);
        }
        stdout.println(String.format(Locale.ROOT, "final accuracy: %.1f%% (%d of %d points)",
                100 * run.finalAccuracy(), run.correct(), run.data().size()));
        Path boundary = out.resolve(BOUNDARY);
        Path lossPicture = out.resolve(LOSS);
        boolean[] positive = new boolean[run.data().size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = run.data().targets()[i] > 0;
        }
        MLP model = run.model();
        AtomicFiles.write(boundary, Plots.decisionBoundary(
                String.format(Locale.ROOT, "jgrad demo: MLP 2-16-16-1 on two moons, accuracy %.0f%%",
                        100 * run.finalAccuracy()),
                run.data().features(), positive, (x, y) -> model.predict(new double[] {x, y})[0]));
        AtomicFiles.write(lossPicture, Plots.lossCurve("jgrad demo: loss and accuracy", "step",
                run.history().steps(), run.losses(), null, run.accuracies()));
        stdout.println("wrote " + boundary);
        stdout.println("wrote " + lossPicture);
        stdout.flush();
        return 0;
    }
}
