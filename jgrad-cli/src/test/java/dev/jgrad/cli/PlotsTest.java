package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlotsTest {

    /** Decodes a PNG, checking it is one. */
    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a readable image");
        return image;
    }

    static int count(BufferedImage image, Color color) {
        int rgb = color.getRGB() & 0xFFFFFF;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void decisionBoundaryShowsBothClassesAndBothRegions() throws IOException {
        double[][] points = {{-1, 0}, {-0.5, 1}, {1, 0}, {0.5, -1}};
        boolean[] positive = {false, false, true, true};
        BufferedImage image = decode(Plots.decisionBoundary("test", points, positive, (x, y) -> x));
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        assertTrue(count(image, Plots.POSITIVE) > 20, "positive points");
        assertTrue(count(image, Plots.NEGATIVE) > 20, "negative points");
        // score = x splits the plot in two halves
        int left = count(image, Plots.NEGATIVE_REGION);
        int right = count(image, Plots.POSITIVE_REGION);
        assertTrue(left > 50_000 && right > 50_000, left + " " + right);
        assertEquals(1.0, (double) left / right, 0.1);
    }

    @Test
    void lossCurveHasTheExpectedSize() throws IOException {
        BufferedImage image = decode(Plots.lossCurve("loss", "step", new double[] {1, 0.5, 0.25},
                new double[] {0.5, 0.75, 1}));
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        assertTrue(count(image, Plots.POSITIVE) > 0, "accuracy line");
        BufferedImage lossOnly = decode(Plots.lossCurve("loss", "epoch", new double[] {3, 2, 1}, null));
        assertEquals(Plots.WIDTH, lossOnly.getWidth());
    }
}
