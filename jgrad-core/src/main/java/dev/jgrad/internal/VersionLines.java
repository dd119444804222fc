package dev.jgrad.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the {@code jgrad} and {@code jgrad-spark} commands print for {@code --version}: the program's name and
 * build version, then the Java that runs it.
 */
public final class VersionLines {

    private VersionLines() {
    }

    /**
     * The version lines of a program.
     *
     * @param program    the program's name, such as {@code "jgrad"}
     * @param properties the {@code version.properties} its build wrote (its {@code version} key), read and closed
     *                   here; null where the resource is missing, which gives {@code (unknown version)}
     * @return two lines: {@code "jgrad 0.1.0-SNAPSHOT"}, then {@code "Java 17.0.2 (OpenJDK 64-Bit Server VM)"}
     * @throws IOException if the properties cannot be read
     */
    public static String[] of(String program, InputStream properties) throws IOException {
        Properties read = new Properties();
        if (properties != null) {
            try (InputStream in = properties) {
                read.load(in);
            }
        }
        return new String[] {program + " " + read.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
