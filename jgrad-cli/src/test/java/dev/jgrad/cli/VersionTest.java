package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One version everywhere: {@code jgrad --version} prints the version of the build (this module's POM, passed in as
 * {@code jgrad.projectVersion}), and the top entry of CHANGELOG.md is that version: {@code ## 0.2.0 (unreleased)}
 * while the build is {@code 0.2.0-SNAPSHOT}, {@code ## 0.2.0 (YYYY-MM-DD)} once it is {@code 0.2.0}.
 */
class VersionTest {

    private static final String SNAPSHOT = "-SNAPSHOT";

    private static String projectVersion() {
        String version = System.getProperty("jgrad.projectVersion");
        assertNotNull(version, "system property jgrad.projectVersion (set by jgrad-cli's POM)");
        return version;
    }

    @Test
    void theCommandPrintsTheBuildsVersion() {
        Cli.Result result = Cli.run("--version");
        assertEquals(0, result.status(), result.err());
        assertEquals("jgrad " + projectVersion(), result.out().lines().findFirst().orElse(""));
    }

    @Test
    void theChangelogsTopEntryIsTheBuildsVersion() throws IOException {
        Path changelog = Path.of(System.getProperty("jgrad.changelog", "../CHANGELOG.md"));
        List<String> lines = Files.readAllLines(changelog, StandardCharsets.UTF_8);
        String top = lines.stream().filter(l -> l.startsWith("## ")).findFirst()
                .orElseThrow(() -> new AssertionError("no '## version' entry in " + changelog));
        String version = projectVersion();
        if (version.endsWith(SNAPSHOT)) {
            assertEquals("## " + version.substring(0, version.length() - SNAPSHOT.length()) + " (unreleased)", top,
                    "the top entry of " + changelog + " for the build " + version);
        } else {
            assertTrue(top.matches("## " + Pattern.quote(version) + " \\(\\d{4}-\\d{2}-\\d{2}\\)"),
                    "the top entry of " + changelog + " must be '## " + version + " (YYYY-MM-DD)', not '" + top + "'");
        }
    }
}
