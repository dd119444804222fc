package dev.jgrad.commonsmath;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fisher's iris data restricted to versicolor (label 0) and virginica (label 1), the two species no line separates,
 * so the logistic model's maximum-likelihood estimate exists. Features: sepal length and width, petal length and
 * width, in centimetres (see jgrad-cli/src/test/resources/iris.md for the file's origin).
 */
record IrisData(double[][] features, double[] labels) {

    /**
     * The features centred on their means and divided by their standard deviations.
     *
     * @return one row per flower
     */
    double[][] standardized() {
        double[][] z = new double[features.length][4];
        for (int k = 0; k < features.length; k++) {
            for (int j = 0; j < 4; j++) {
                z[k][j] = (features[k][j] - mean(j)) / deviation(j);
            }
        }
        return z;
    }

    /**
     * Converts the coefficients of a linear model on the standardized features into those on the features in
     * centimetres: {@code w_0 + Σ w_j (x_j - m_j)/s_j = (w_0 - Σ w_j m_j/s_j) + Σ (w_j/s_j) x_j}.
     *
     * @param w the intercept and four coefficients on the standardized features
     * @return the intercept and four coefficients in centimetres
     */
    double[] inCentimetres(double[] w) {
        double[] b = new double[5];
        b[0] = w[0];
        for (int j = 0; j < 4; j++) {
            b[j + 1] = w[j + 1] / deviation(j);
            b[0] -= b[j + 1] * mean(j);
        }
        return b;
    }

    private double mean(int j) {
        double sum = 0;
        for (double[] row : features) {
            sum += row[j];
        }
        return sum / features.length;
    }

    private double deviation(int j) {
        double m = mean(j);
        double sum = 0;
        for (double[] row : features) {
            sum += (row[j] - m) * (row[j] - m);
        }
        return Math.sqrt(sum / features.length);
    }

    static IrisData versicolorVersusVirginica() {
        List<double[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(IrisData.class.getResourceAsStream("/iris.csv"), "iris.csv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                int species = Integer.parseInt(cells[4]);
                if (species == 0) {
                    continue;
                }
                double[] row = new double[4];
                for (int j = 0; j < 4; j++) {
                    row[j] = Double.parseDouble(cells[j]);
                }
                rows.add(row);
                labels.add(species == 2 ? 1.0 : 0.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IrisData(rows.toArray(new double[0][]), labels.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
