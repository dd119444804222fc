package dev.jgrad.cli;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG pictures the commands write, drawn with XChart. */
final class Plots {

    /** Width of every picture, in pixels. */
    static final int WIDTH = 800;
    /** Height of every picture, in pixels. */
    static final int HEIGHT = 600;
    /** The points of the positive class (label 1). */
    static final Color POSITIVE = new Color(31, 119, 180);
    /** The points of the negative class (label 0 or -1). */
    static final Color NEGATIVE = new Color(214, 39, 40);
    /** The region the model assigns to the positive class. */
    static final Color POSITIVE_REGION = new Color(198, 219, 239);
    /** The region the model assigns to the negative class. */
    static final Color NEGATIVE_REGION = new Color(250, 205, 200);

    /**
     * Columns of the grid on which the decision function is evaluated; rows follow the picture's aspect ratio. Each
     * grid cell is drawn as a square marker a little larger than its spacing, so the cells tile the plot.
     */
    private static final int GRID_COLUMNS = 120;
    private static final int MARKER_SIZE = 9;
    private static final Color LOSS = new Color(44, 44, 44);

    private Plots() {
    }

    /**
     * Two classes of points in the plane over the regions a model assigns to them, as micrograd's demo draws its
     * moons: the background is the sign of {@code score} on a grid covering the points with a margin.
     *
     * @param title    the picture's title
     * @param points   the points, {@code points[i] = {x, y}}
     * @param positive whether point {@code i} is of the positive class
     * @param score    the model's score at {@code (x, y)}; above 0 is the positive class
     * @return the PNG bytes, {@link #WIDTH} by {@link #HEIGHT} pixels
     * @throws IOException if the picture cannot be encoded
     */
    static byte[] decisionBoundary(String title, double[][] points, boolean[] positive, DoubleBinaryOperator score)
            throws IOException {
        Objects.requireNonNull(score, "score");
        if (points.length == 0 || points.length != positive.length) {
            throw new IllegalArgumentException(points.length + " points and " + positive.length + " labels");
        }
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            xMin = Math.min(xMin, p[0]);
            xMax = Math.max(xMax, p[0]);
            yMin = Math.min(yMin, p[1]);
            yMax = Math.max(yMax, p[1]);
        }
        double margin = 0.1 * Math.max(xMax - xMin, yMax - yMin) + 1e-9;
        xMin -= margin;
        xMax += margin;
        yMin -= margin;
        yMax += margin;

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("x1")
                .yAxisTitle("x2").build();
        XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(MARKER_SIZE);
        styler.setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(false);
        styler.setAntiAlias(false);

        int rows = Math.max(2, Math.round(GRID_COLUMNS * (HEIGHT - 120f) / (WIDTH - 80f)));
        List<Double> posX = new ArrayList<>();
        List<Double> posY = new ArrayList<>();
        List<Double> negX = new ArrayList<>();
        List<Double> negY = new ArrayList<>();
        for (int i = 0; i <= GRID_COLUMNS; i++) {
            double x = xMin + (xMax - xMin) * i / GRID_COLUMNS;
            for (int j = 0; j <= rows; j++) {
                double y = yMin + (yMax - yMin) * j / rows;
                boolean above = score.applyAsDouble(x, y) > 0;
                (above ? posX : negX).add(x);
                (above ? posY : negY).add(y);
            }
        }
        addScatter(chart, "predicted 0", negX, negY, NEGATIVE_REGION, false);
        addScatter(chart, "predicted 1", posX, posY, POSITIVE_REGION, false);
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        List<Double> nx = new ArrayList<>();
        List<Double> ny = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            (positive[i] ? px : nx).add(points[i][0]);
            (positive[i] ? py : ny).add(points[i][1]);
        }
        addScatter(chart, "class 0", nx, ny, NEGATIVE, true);
        addScatter(chart, "class 1", px, py, POSITIVE, true);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addScatter(XYChart chart, String name, List<Double> x, List<Double> y, Color color,
            boolean points) {
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(points ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
        series.setMarkerColor(color);
        series.setShowInLegend(points);
    }

    /**
     * The loss per step, and the accuracy per step on a second axis when given.
     *
     * @param title    the picture's title
     * @param xTitle   the name of a step, such as {@code "step"} or {@code "epoch"}
     * @param loss     the loss at each step (at least one)
     * @param accuracy the accuracy at each step as a fraction in [0, 1], or {@code null} for none
     * @return the PNG bytes, {@link #WIDTH} by {@link #HEIGHT} pixels
     * @throws IOException if the picture cannot be encoded
     */
    static byte[] lossCurve(String title, String xTitle, double[] loss, double[] accuracy) throws IOException {
        double[] steps = new double[loss.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i + 1;
        }
        return lossCurve(title, xTitle, steps, loss, null, accuracy);
    }

    /**
     * The loss at some steps, a validation loss beside it and the accuracy on a second axis when given.
     *
     * @param title          the picture's title
     * @param xTitle         the name of a step, such as {@code "step"} or {@code "epoch"}
     * @param steps          the steps shown, ascending (at least one)
     * @param loss           the loss at each of {@code steps}
     * @param validationLoss the validation loss at each of {@code steps}, or {@code null} for none
     * @param accuracy       the accuracy at each of {@code steps} as a fraction in [0, 1], or {@code null} for none
     * @return the PNG bytes, {@link #WIDTH} by {@link #HEIGHT} pixels
     * @throws IOException if the picture cannot be encoded
     */
    static byte[] lossCurve(String title, String xTitle, double[] steps, double[] loss, double[] validationLoss,
            double[] accuracy) throws IOException {
        if (loss.length == 0) {
            throw new IllegalArgumentException("no loss values to plot");
        }
        for (double[] series : new double[][] {loss, validationLoss, accuracy}) {
            if (series != null && series.length != steps.length) {
                throw new IllegalArgumentException(steps.length + " steps but a series of " + series.length
                        + " values");
            }
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        styler.setMarkerSize(0);
        XYSeries lossSeries = chart.addSeries("loss", steps, loss);
        lossSeries.setLineColor(LOSS);
        lossSeries.setMarker(SeriesMarkers.NONE);
        chart.setYAxisGroupTitle(0, "loss");
        if (validationLoss != null) {
            XYSeries validationSeries = chart.addSeries("validation loss", steps, validationLoss);
            validationSeries.setLineColor(NEGATIVE);
            validationSeries.setMarker(SeriesMarkers.NONE);
        }
        if (accuracy != null) {
            double[] percent = new double[accuracy.length];
            for (int i = 0; i < percent.length; i++) {
                percent[i] = 100 * accuracy[i];
            }
            XYSeries accuracySeries = chart.addSeries("accuracy (%)", steps, percent);
            accuracySeries.setYAxisGroup(1);
            accuracySeries.setLineColor(POSITIVE);
            accuracySeries.setMarker(SeriesMarkers.NONE);
            chart.setYAxisGroupTitle(1, "accuracy (%)");
            styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            styler.setYAxisMax(1, 100.0);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
