package dev.jgrad.modulecheck;

import dev.jgrad.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The jgrad-core build output these checks run on: the jar under {@code ./mvnw verify} (what ships), its classes
 * directory under {@code ./mvnw test}. Both are the entry the test class path got for jgrad-core.
 */
final class CoreArtifact {

    private CoreArtifact() {
    }

    /** The jar or classes directory holding {@code dev.jgrad.Value}. */
    static Path location() {
        try {
            return Path.of(Value.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate jgrad-core", e);
        }
    }

    /** Every class of jgrad-core except {@code module-info}. */
    static List<ClassFile> classes() {
        return classesIn(location());
    }

    /** Every class file in a jar or under a directory, except {@code module-info}. */
    static List<ClassFile> classesIn(Path jarOrDirectory) {
        List<ClassFile> classes = new ArrayList<>();
        try {
            if (Files.isDirectory(jarOrDirectory)) {
                try (Stream<Path> files = Files.walk(jarOrDirectory)) {
                    for (Path file : files.sorted().toList()) {
                        if (isClass(file.getFileName().toString())) {
                            classes.add(ClassFile.parse(Files.readAllBytes(file)));
                        }
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(jarOrDirectory.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        ZipEntry entry = e.nextElement();
                        if (isClass(entry.getName())) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                classes.add(ClassFile.parse(in.readAllBytes()));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading classes from " + jarOrDirectory, e);
        }
        return classes;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class");
    }
}
