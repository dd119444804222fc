package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every published Java library module carries the repository's licence as {@code META-INF/LICENSE}, byte for byte. */
class LegalFilesTest {

    private static final String ENTRY = "META-INF/LICENSE";

    @ParameterizedTest
    @EnumSource(Artifact.class)
    void everyLibraryModuleCarriesTheLicence(Artifact artifact) throws IOException {
        String license = System.getProperty("jgrad.license");
        assertNotNull(license, "system property jgrad.license (set by jgrad-modulecheck's POM)");
        assertArrayEquals(Files.readAllBytes(Path.of(license)), entry(artifact.location()),
                ENTRY + " of " + artifact.location() + " must be " + license);
    }

    private static byte[] entry(Path jarOrDirectory) throws IOException {
        if (Files.isDirectory(jarOrDirectory)) {
            Path file = jarOrDirectory.resolve(ENTRY);
            assertNotNull(Files.exists(file) ? file : null, "no " + file);
            return Files.readAllBytes(file);
        }
        try (ZipFile jar = new ZipFile(jarOrDirectory.toFile())) {
            ZipEntry entry = jar.getEntry(ENTRY);
            assertNotNull(entry, "no " + ENTRY + " in " + jarOrDirectory);
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
