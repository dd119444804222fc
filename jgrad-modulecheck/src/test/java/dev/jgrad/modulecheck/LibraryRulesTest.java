package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.modulecheck.fixtures.Printer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bytecode of every published Java library module (core, tensors, the integrations) obeys {@link LibraryRules}: no printing, reflection, threads, serialization, native code or
 * I/O in static initializers. The fixtures show that each rule reports what it is for, and accepts ordinary
 * compiler output and I/O done on request.
 */
class LibraryRulesTest {

    @ParameterizedTest
    @EnumSource(Artifact.class)
    void everyLibraryModuleObeysEveryRule(Artifact artifact) {
        List<ClassFile> classes = artifact.classes();
        String packagePrefix = artifact.module.replace('.', '/') + "/";
        assertTrue(classes.stream().anyMatch(c -> c.name.startsWith(packagePrefix)),
                "expected classes of " + artifact.module + " in " + artifact.location());
        List<String> violations = LibraryRules.violations(classes);
        assertEquals(List.of(), violations,
                () -> artifact.project + " breaks the library rules:\n" + String.join("\n", violations));
    }

    @Test
    void eachRuleCatchesItsFixtureAndNothingElse() throws URISyntaxException {
        Path testClasses = Path.of(Printer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<ClassFile> fixtures = Artifact.classesIn(testClasses.resolve("dev/jgrad/modulecheck/fixtures"));
        assertTrue(fixtures.stream().anyMatch(c -> c.name.endsWith("/Clean$Pair")),
                "fixtures not found in " + testClasses);

        Set<String> found = new TreeSet<>();
        for (String v : LibraryRules.violations(fixtures)) {
            found.add(v.replace("dev.jgrad.modulecheck.fixtures.", ""));
        }
        Set<String> expected = new TreeSet<>(List.of(
                "Printer: prints: uses java.lang.System.out",
                "Printer: prints: uses java.lang.Exception.printStackTrace",
                "Reflective: reflection: uses java.lang.reflect.Constructor",
                "Reflective: reflection: uses java.lang.Class.forName",
                "Reflective: reflection: uses java.lang.Class.getDeclaredConstructor",
                "HandleMaker: reflection: uses java.lang.invoke.MethodHandles.lookup",
                "HandleMaker: reflection: uses java.lang.invoke.MethodHandles$Lookup.findConstructor",
                "Spawner: threads: uses java.lang.Thread.<init>",
                "Spawner: threads: uses java.lang.Thread.start",
                "Spawner: threads: uses java.util.concurrent.Executors",
                "Spawner: threads: uses java.util.List.parallelStream",
                "Spawner: threads: uses java.lang.ref.Cleaner.create",
                "ThreadFactoryRef: threads: uses java.lang.Thread.<init>",
                "StaticIo: I/O in static initializer: StaticIo.<clinit> -> StaticIo.readConfig"
                        + " uses java.nio.file.Path.of",
                "StaticIo: I/O in static initializer: StaticIo.<clinit> -> StaticIo.readConfig"
                        + " uses java.nio.file.Files.readString",
                "SerializableModel: serialization: implements java.io.Serializable",
                "SerializableModel: serialization: uses java.io.ObjectOutputStream"));
        assertEquals(expected, found);
    }
}
