package dev.jgrad.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/** The pictures of {@code jgrad mnist}: the confusion matrix (XChart) and a grid of misclassified digits (Java2D). */
final class MnistPictures {

    /** The most digits the grid shows: the first misclassified ones, in test order. */
    static final int GRID_DIGITS = 60;
    /** Digits per row of the grid. */
    static final int GRID_COLUMNS = 10;
    /** Screen pixels per image pixel in the grid. */
    private static final int SCALE = 3;
    private static final int CAPTION = 16;
    private static final int GAP = 6;
    private static final int TITLE = 28;

    private MnistPictures() {
    }

    /**
     * The confusion matrix as a heat map with the counts written in the cells: true digit up the side, predicted
     * digit along the bottom, so the diagonal holds the right answers.
     *
     * @param title  the picture's title
     * @param counts {@code counts[t][p]}, the test digits labelled {@code t} predicted as {@code p}
     * @return the PNG bytes, {@link Plots#WIDTH} by {@link Plots#HEIGHT} pixels
     * @throws IOException if the picture cannot be encoded
     */
    static byte[] confusionMatrix(String title, int[][] counts) throws IOException {
        int classes = counts.length;
        int[] digits = new int[classes];
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        for (int t = 0; t < classes; t++) {
            digits[t] = t;
            for (int p = 0; p < classes; p++) {
                cells.add(new Number[] {p, t, counts[t][p]});
                max = Math.max(max, counts[t][p]);
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title)
                .xAxisTitle("predicted digit").yAxisTitle("true digit").build();
        HeatMapStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setShowValue(true);
        styler.setMin(0);
        styler.setMax(max);
        styler.setRangeColors(new Color[] {Color.WHITE, new Color(198, 219, 239), Plots.POSITIVE});
        styler.setHeatMapValueDecimalPattern("#");
        chart.addSeries("test digits", toList(digits), toList(digits), cells);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Integer> toList(int[] xs) {
        List<Integer> list = new ArrayList<>(xs.length);
        for (int x : xs) {
            list.add(x);
        }
        return list;
    }

    /**
     * The first {@link #GRID_DIGITS} misclassified test digits, {@link #GRID_COLUMNS} to a row, each with the
     * caption {@code predicted (true)}, such as {@code 7 (2)}, in red.
     *
     * @param title     the line above the grid
     * @param test      the test digits
     * @param predicted the predicted digit of each test image
     * @return the PNG bytes; a picture with only the title when no digit is misclassified
     * @throws IOException if the picture cannot be encoded
     */
    static byte[] misclassified(String title, MnistData.Digits test, int[] predicted) throws IOException {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < predicted.length && wrong.size() < GRID_DIGITS; i++) {
            if (predicted[i] != test.labels()[i]) {
                wrong.add(i);
            }
        }
        int cell = MnistData.SIDE * SCALE;
        int rows = (wrong.size() + GRID_COLUMNS - 1) / GRID_COLUMNS;
        int width = GRID_COLUMNS * (cell + GAP) + GAP;
        int height = TITLE + rows * (cell + CAPTION + GAP) + GAP;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(title, GAP, TITLE - 10);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            FontMetrics metrics = g.getFontMetrics();
            for (int k = 0; k < wrong.size(); k++) {
                int i = wrong.get(k);
                int x0 = GAP + (k % GRID_COLUMNS) * (cell + GAP);
                int y0 = TITLE + (k / GRID_COLUMNS) * (cell + CAPTION + GAP);
                for (int r = 0; r < MnistData.SIDE; r++) {
                    for (int c = 0; c < MnistData.SIDE; c++) {
                        float ink = test.pixels()[i * MnistData.PIXELS + r * MnistData.SIDE + c];
                        int grey = Math.round(255 * (1 - ink));
                        g.setColor(new Color(grey, grey, grey));
                        g.fillRect(x0 + c * SCALE, y0 + r * SCALE, SCALE, SCALE);
                    }
                }
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(x0, y0, cell - 1, cell - 1);
                String caption = predicted[i] + " (" + test.labels()[i] + ")";
                g.setColor(Plots.NEGATIVE);
                g.drawString(caption, x0 + (cell - metrics.stringWidth(caption)) / 2, y0 + cell + CAPTION - 3);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer");
        }
        return png.toByteArray();
    }
}
