package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jgrad train} with its defaults on generated data: where a linear model is the truth the network must come
 * close to the linear baseline on held-out rows (it fits on 80% of the rows the baseline sees, so it stays some
 * hundredths of R² below; without early stopping and weight decay it fell below 0), and where the truth is not linear
 * it must do far better than the baseline.
 */
class TrainGeneralizationTest {

    @TempDir
    Path dir;

    /** Rows of {@code features} Gaussian columns and a target column y computed from them. */
    private Path data(String name, long seed, int rows, int features, ToDoubleFunction<double[]> target)
            throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < features; j++) {
            csv.append("x").append(j).append(',');
        }
        csv.append("y\n");
        for (int i = 0; i < rows; i++) {
            double[] x = new double[features + 1];
            for (int j = 0; j < features; j++) {
                x[j] = random.nextGaussian();
                csv.append(String.format(Locale.ROOT, "%.6f,", x[j]));
            }
            // the last slot carries standard normal noise for the target function
            x[features] = random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.6f%n", target.applyAsDouble(x)));
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private static double number(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        assertTrue(m.find(), regex + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static double test(String json, String name) {
        return number(json, "\"test\": \\{[^}]*\"" + name + "\": ([-0-9.Ee]+)");
    }

    private static double baselineTest(String json, String name) {
        return number(json, "\"baseline\": \\{.*\"test\": \\{[^}]*\"" + name + "\": ([-0-9.Ee]+)");
    }

    private String train(Path csv, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--csv", csv.toString(), "--target", "y", "--json",
                "--out", dir.toString()));
        args.addAll(List.of(options));
        Cli.Result result = Cli.run(args.toArray(new String[0]));
        assertEquals(0, result.status(), result.err());
        return result.out();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void whereALinearModelIsRightTheNetworkIsNearlyAsGoodOnHeldOutRows(long seed) throws IOException {
        // y = 3 x0 - 2 x1 + x2 - 0.5 x3 + noise of spread 3: at best R² ≈ 0.61
        Path csv = data("linear.csv", seed, 250, 6, x -> 3 * x[0] - 2 * x[1] + x[2] - 0.5 * x[3] + 3 * x[6]);
        String json = train(csv, "--task", "regress", "--seed", String.valueOf(seed));
        double network = test(json, "r2");
        double linear = baselineTest(json, "r2");
        assertTrue(json.contains("\"model\": \"linear least squares\""), json);
        assertTrue(linear > 0.4, json);
        assertTrue(network > linear - 0.15, "network R² " + network + ", linear " + linear + ": " + json);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void whereTheTruthIsNotLinearTheNetworkBeatsTheLinearBaseline(long seed) throws IOException {
        Path csv = data("curved.csv", seed, 300, 3,
                x -> Math.sin(2 * x[0]) + x[1] * x[1] + 0.1 * x[2] + 0.1 * x[3]);
        String json = train(csv, "--task", "regress", "--seed", String.valueOf(seed));
        double network = test(json, "r2");
        double linear = baselineTest(json, "r2");
        assertTrue(network > 0.8 && network > linear + 0.5, "network R² " + network + ", linear " + linear);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void aRingOfOneClassIsLearnedFarBeyondTheMajorityClass(long seed) throws IOException {
        Path csv = data("ring.csv", seed, 300, 2, x -> x[0] * x[0] + x[1] * x[1] < 1.4 ? 1 : 0);
        String json = train(csv, "--seed", String.valueOf(seed));
        double network = test(json, "accuracy");
        double majority = baselineTest(json, "accuracy");
        assertTrue(network > 0.9 && majority < 0.7, "network " + network + ", majority class " + majority);
    }
}
