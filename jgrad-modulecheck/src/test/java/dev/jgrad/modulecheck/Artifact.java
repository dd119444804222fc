package dev.jgrad.modulecheck;

import dev.jgrad.Value;
import dev.jgrad.commonsmath.JgradObjective;
import dev.jgrad.hipparchus.TapeField;
import dev.jgrad.tensor.Tensor;
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
 * The published Java library modules these checks run on, each as its build output: the jar under {@code ./mvnw verify}
 * (what ships), its classes directory under {@code ./mvnw test}. Both are the entry the test class path got for it.
 */
enum Artifact {
    /** jgrad-core, the module {@code dev.jgrad}. */
    CORE("jgrad-core", "dev.jgrad", Value.class, true),
    /** jgrad-tensor, the module {@code dev.jgrad.tensor}. */
    TENSOR("jgrad-tensor", "dev.jgrad.tensor", Tensor.class, true),
    /** jgrad-commons-math, the automatic module {@code dev.jgrad.commonsmath} (Commons Math 3 has no module). */
    COMMONS_MATH("jgrad-commons-math", "dev.jgrad.commonsmath", JgradObjective.class, false),
    /** jgrad-hipparchus, the automatic module {@code dev.jgrad.hipparchus}. */
    HIPPARCHUS("jgrad-hipparchus", "dev.jgrad.hipparchus", TapeField.class, false);

    /** The Maven module's name, which is also its directory in the repository. */
    final String project;
    /** The Java module's name. */
    final String module;
    /** Whether it has a {@code module-info} (else it names itself with {@code Automatic-Module-Name}). */
    final boolean explicit;
    private final Class<?> member;

    Artifact(String project, String module, Class<?> member, boolean explicit) {
        this.project = project;
        this.module = module;
        this.member = member;
        this.explicit = explicit;
    }

    /** The jar or classes directory holding this module. */
    Path location() {
        try {
            return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + project, e);
        }
    }

    /** Its main sources, {@code <repository>/<project>/src/main/java}. */
    Path sources() {
        return Path.of(System.getProperty("jgrad.root", "..")).resolve(project).resolve("src/main/java");
    }

    /** Every class of the module except {@code module-info}. */
    List<ClassFile> classes() {
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
