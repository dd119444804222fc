package dev.jgrad.cli;

import dev.jgrad.internal.Plural;
import dev.jgrad.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad mnist}: trains a CNN or an MLP on tensors on 8,000 of the shipped MNIST digits, tests it on the other
 * 2,000 ({@link MnistData}), prints the accuracies and draws the test confusion matrix and the misclassified digits.
 */
@Command(name = "mnist",
        mixinStandardHelpOptions = true,
        description = {"Trains a digit classifier on real MNIST digits and tests it.", "",
                "Trains on 8,000 of the 10,000 MNIST digits shipped with jgrad and tests on the other 2,000 (a fixed "
                + "split, the same for every seed: every fifth digit is a test digit), with tensors in float32, "
                + "Adam at rate 1e-3, batches of 64 and the cross-entropy loss. --model cnn (the default): conv "
                + "1-16 5x5, ReLU, max-pool 2, conv 16-32 5x5, ReLU, max-pool 2, linear 512-10; --model mlp: "
                + "784-128-10 with ReLU. Shows the loss and test accuracy after each epoch, prints the training and "
                + "test accuracy and the time, and writes " + MnistCommand.CONFUSION + " (true against predicted "
                + "digit on the test set) and " + MnistCommand.MISCLASSIFIED + " (the first "
                + MnistPictures.GRID_DIGITS + " misclassified test digits, captioned 'predicted (true)') into --out, "
                + "which is created if missing.",
                "",
                Main.OUTPUT_RULE},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad mnist",
                  "  jgrad mnist --model mlp --epochs 30 --json",
                  "  jgrad mnist --seed 7 --out pictures"})
final class MnistCommand implements Callable<Integer> {

    static final String CONFUSION = "confusion-matrix.png";
    static final String MISCLASSIFIED = "misclassified.png";
    /** The most --epochs: several hours of the CNN here; far beyond where the test accuracy stops rising. */
    static final int MAX_EPOCHS = 1000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "cnn|mlp", defaultValue = "cnn",
            description = "The network: cnn or mlp (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
            description = "Passes over the 8,000 training digits, 1 to " + MAX_EPOCHS + " (default: "
                    + "${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the initial weights and of the batch order; not of the split, which is fixed "
                    + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--json", description = "Print the results as one JSON object {\"train\": {\"accuracy\": ...}, "
            + "\"test\": {\"accuracy\": ...}, \"seconds\": ..., ...}; progress then goes to standard error.")
    private boolean json;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write " + CONFUSION + " and " + MISCLASSIFIED + " (default: the current "
                    + "directory).")
    private Path out;

    /**
     * The network named by {@code --model}.
     *
     * @throws InputException if the name is neither {@code cnn} nor {@code mlp}
     */
    static MnistTraining.Model model(String name) {
        for (MnistTraining.Model m : MnistTraining.Model.values()) {
            if (m.toString().equals(name)) {
                return m;
            }
        }
        throw new InputException("jgrad: --model must be cnn or mlp, got " + Echo.quote(name));
    }

    /**
     * Checks an --epochs value before anything is loaded or run.
     *
     * @throws InputException if it is below 1 or above {@link #MAX_EPOCHS}
     */
    static void checkEpochs(int epochs) {
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InputException("jgrad: --epochs must be from 1 to " + MAX_EPOCHS + ", got " + epochs);
        }
    }

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        MnistTraining.Model network = model(model);
        checkEpochs(epochs);
        AtomicFiles.checkOutputDirectory("--out", out, CONFUSION, MISCLASSIFIED);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progressOut = json ? spec.commandLine().getErr() : stdout;
        MnistData.Split data = MnistData.load();
        progressOut.println("Training " + network.description() + " on " + data.train().size()
                + " MNIST digits, testing on " + data.test().size() + " (seed " + seed + ", " + Plural.of(epochs, "epoch")
                + " of Adam 1e-3, batch " + MnistTraining.BATCH + ", float32, path="
                + Tensor.matmulPath() + ")");
        progressOut.flush();
        MnistTraining.Run run;
        try (Progress progress = Progress.open("mnist", "epoch", epochs, progressOut,
                Progress.terminal(json ? System.err : System.out))) {
            run = MnistTraining.train(network, epochs, seed, data.train(), data.test(), progress);
        }
        int[][] confusion = MnistTraining.confusion(run.testPredictions(), data.test().labels());
        String summary = String.format(Locale.ROOT, "%s, %s: test accuracy %.2f%%", network, Plural.of(epochs, "epoch"),
                100 * run.testAccuracy());
        byte[] confusionPicture = MnistPictures.confusionMatrix("jgrad mnist: " + summary, confusion);
        byte[] misclassifiedPicture = MnistPictures.misclassified("jgrad mnist: " + summary
                + "; misclassified test digits, captioned predicted (true)", data.test(), run.testPredictions());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            stdout.println("{\"train\": {\"accuracy\": " + Json.number(run.trainAccuracy()) + "}, \"test\": "
                    + "{\"accuracy\": " + Json.number(run.testAccuracy()) + "}, \"seconds\": " + Json.number(seconds)
                    + ", \"model\": " + Json.string(network.toString()) + ", \"epochs\": " + epochs
                    + ", \"epoch_seconds\": " + Json.number(run.meanEpochSeconds()) + ", \"epoch_cpu_seconds\": "
                    + Json.number(run.meanEpochCpuSeconds()) + "}");
        } else {
            int right = (int) Math.round(run.testAccuracy() * data.test().size());
            stdout.println(String.format(Locale.ROOT, "train accuracy: %.2f%%", 100 * run.trainAccuracy()));
            stdout.println(String.format(Locale.ROOT, "test accuracy: %.2f%% (%d of %d digits)",
                    100 * run.testAccuracy(), right, data.test().size()));
            stdout.println(String.format(Locale.ROOT, "time: %.1f s, %.2f s per epoch (%.2f s of CPU)", seconds,
                    run.meanEpochSeconds(), run.meanEpochCpuSeconds()));
        }
        stdout.flush();
        Path confusionFile = out.resolve(CONFUSION);
        Path misclassifiedFile = out.resolve(MISCLASSIFIED);
        AtomicFiles.write(confusionFile, confusionPicture);
        AtomicFiles.write(misclassifiedFile, misclassifiedPicture);
        progressOut.println("wrote " + confusionFile);
        progressOut.println("wrote " + misclassifiedFile);
        progressOut.flush();
        return 0;
    }
}
