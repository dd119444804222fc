package dev.jgrad.modulecheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a quiet, self-contained library may not do, checked on its bytecode: print (or log, or exit the JVM), use
 * reflection, start threads (directly, through executors or fork/join, or by parallel streams), use Java
 * serialization or native code, or do I/O while a class initializes. Only the last rule is about where a use is: a
 * library may read and write files when asked (saving a model), but never as a side effect of loading a class, so
 * the I/O rule follows calls from every static initializer through the library's own methods.
 *
 * <p>Each violation is one line naming the class and rule, and for static initializers the call path.
 */
final class LibraryRules {

    private LibraryRules() {
    }

    /**
     * All violations in a set of classes (a whole library: calls are followed only between these classes).
     *
     * @return one line per violation, in class order; empty if the classes obey every rule
     */
    static List<String> violations(Collection<ClassFile> classes) {
        List<String> found = new ArrayList<>();
        for (ClassFile c : classes) {
            String where = c.name.replace('/', '.');
            for (String used : c.classRefs) {
                classRule(used).ifPresent(rule -> found.add(where + ": " + rule + ": uses " + used.replace('/', '.')));
            }
            for (ClassFile.Ref ref : c.memberRefs) {
                if (!definesItsOwnClasses(c.name, ref)) {
                    memberRule(ref).ifPresent(rule -> found.add(where + ": " + rule + ": uses " + ref));
                }
            }
            if (c.superName.equals("java/lang/Thread")) {
                found.add(where + ": threads: extends java.lang.Thread");
            }
            for (String iface : c.interfaces) {
                if (iface.equals("java/io/Serializable") || iface.equals("java/io/Externalizable")) {
                    found.add(where + ": serialization: implements " + iface.replace('/', '.'));
                }
            }
            for (ClassFile.Method m : c.methods) {
                if ((m.access() & ClassFile.ACC_NATIVE) != 0) {
                    found.add(where + ": native code: native method " + m.name() + m.descriptor());
                }
            }
        }
        found.addAll(staticInitializerIo(classes));
        return found;
    }

    /**
     * The one use of {@code java.lang.invoke} allowed: the compiled tape's kernel generator defines the hidden
     * classes it writes for recorded loops, in its own package, and calls their constructor. It looks up nothing
     * else, so it reflects on no one's code; any other class doing the same is reported.
     */
    private static boolean definesItsOwnClasses(String className, ClassFile.Ref ref) {
        return className.equals("dev/jgrad/tape/internal/codegen/KernelGenerator")
                && (ref.owner().equals("java/lang/invoke/MethodHandles") && ref.name().equals("lookup")
                        || ref.owner().equals("java/lang/invoke/MethodHandles$Lookup")
                                && ref.name().equals("findConstructor"));
    }

    private static Optional<String> classRule(String name) {
        if (name.startsWith("java/lang/reflect/")) {
            return Optional.of("reflection");
        }
        return Optional.ofNullable(switch (name) {
            case "java/util/concurrent/Executors", "java/util/concurrent/ThreadPoolExecutor",
                    "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoinPool",
                    "java/util/concurrent/ForkJoinTask", "java/util/concurrent/RecursiveTask",
                    "java/util/concurrent/RecursiveAction", "java/util/Timer", "java/lang/Thread$Builder",
                    "java/lang/Thread$Builder$OfPlatform", "java/lang/Thread$Builder$OfVirtual" -> "threads";
            case "java/io/ObjectInputStream", "java/io/ObjectOutputStream" -> "serialization";
            case "java/util/logging/Logger", "java/lang/System$Logger" -> "prints (logging)";
            case "java/util/ServiceLoader" -> "reflection";
            case "java/lang/ProcessBuilder" -> "starts processes";
            default -> null;
        });
    }

    private static Optional<String> memberRule(ClassFile.Ref ref) {
        String owner = ref.owner();
        String name = ref.name();
        if (name.equals("printStackTrace")
                || (owner.equals("java/lang/System") && (name.equals("out") || name.equals("err")
                        || name.equals("console") || name.equals("getLogger")))
                || (owner.equals("java/io/FileDescriptor") && (name.equals("out") || name.equals("err")))) {
            return Optional.of("prints");
        }
        if ((owner.equals("java/lang/Class") && (name.equals("forName") || name.equals("newInstance")
                || name.startsWith("getDeclared") || name.equals("getMethod") || name.equals("getMethods")
                || name.equals("getField") || name.equals("getFields") || name.equals("getConstructor")
                || name.equals("getConstructors") || name.equals("getRecordComponents")))
                || (owner.equals("java/lang/ClassLoader") && name.equals("loadClass"))
                || (owner.equals("java/lang/invoke/MethodHandles")
                        && (name.equals("lookup") || name.equals("privateLookupIn")))
                || (owner.equals("java/lang/invoke/MethodHandles$Lookup")
                        && (name.startsWith("find") || name.startsWith("unreflect")))) {
            return Optional.of("reflection");
        }
        if ((owner.equals("java/lang/Thread") && (name.equals("<init>") || name.equals("start")
                || name.equals("startVirtualThread") || name.equals("ofVirtual") || name.equals("ofPlatform")))
                || name.equals("parallelStream")
                || (owner.startsWith("java/util/stream/") && name.equals("parallel"))
                || (owner.equals("java/util/Arrays") && name.startsWith("parallel"))
                || (owner.equals("java/util/concurrent/CompletableFuture") && name.endsWith("Async"))
                || (owner.equals("java/lang/ref/Cleaner") && name.equals("create"))) {
            return Optional.of("threads");
        }
        if ((owner.equals("java/lang/System") || owner.equals("java/lang/Runtime"))
                && (name.equals("exit") || name.equals("halt"))) {
            return Optional.of("exits the JVM");
        }
        if ((owner.equals("java/lang/System") || owner.equals("java/lang/Runtime"))
                && (name.equals("load") || name.equals("loadLibrary"))) {
            return Optional.of("native code");
        }
        if (owner.equals("java/lang/Runtime") && name.equals("exec")) {
            return Optional.of("starts processes");
        }
        return Optional.empty();
    }

    /** Whether a use reads or writes outside the heap: files, streams, sockets, class path resources, environment. */
    private static boolean isIo(ClassFile.Ref ref) {
        String owner = ref.owner();
        String name = ref.name();
        return (owner.startsWith("java/io/") && !owner.equals("java/io/Serializable"))
                || owner.startsWith("java/nio/file/") || owner.startsWith("java/nio/channels/")
                || owner.startsWith("java/net/")
                || ((owner.equals("java/lang/Class") || owner.equals("java/lang/ClassLoader")
                        || owner.equals("java/lang/Module")) && name.contains("Resource"))
                || (owner.equals("java/lang/System") && name.equals("getenv"));
    }

    /**
     * I/O reachable from a static initializer. Calls to the library's own methods are followed: a static or special
     * call into the method it names (declared there or inherited from a library superclass), a virtual or interface
     * call into every library method of that name and descriptor, since the receiver's class is not known here (this
     * over-approximates: it can report too much, never too little).
     */
    private static List<String> staticInitializerIo(Collection<ClassFile> classes) {
        Map<String, ClassFile> byName = new HashMap<>();
        Map<String, List<MethodId>> bySignature = new HashMap<>();
        Map<MethodId, ClassFile.Method> methods = new HashMap<>();
        for (ClassFile c : classes) {
            byName.put(c.name, c);
            for (ClassFile.Method m : c.methods) {
                MethodId id = new MethodId(c.name, m.name(), m.descriptor());
                methods.put(id, m);
                bySignature.computeIfAbsent(m.name() + m.descriptor(), k -> new ArrayList<>()).add(id);
            }
        }
        List<String> found = new ArrayList<>();
        for (ClassFile c : classes) {
            MethodId root = new MethodId(c.name, "<clinit>", "()V");
            if (!methods.containsKey(root)) {
                continue;
            }
            Map<MethodId, MethodId> cameFrom = new LinkedHashMap<>();
            cameFrom.put(root, root);
            Deque<MethodId> todo = new ArrayDeque<>(List.of(root));
            while (!todo.isEmpty()) {
                MethodId at = todo.poll();
                ClassFile.Method method = methods.get(at);
                for (ClassFile.Ref use : method.uses()) {
                    if (isIo(use)) {
                        found.add(c.name.replace('/', '.') + ": I/O in static initializer: "
                                + path(cameFrom, at) + " uses " + use);
                    }
                }
                for (ClassFile.Call call : method.invokes()) {
                    ClassFile.Ref target = call.target();
                    if (!byName.containsKey(target.owner())) {
                        continue;
                    }
                    List<MethodId> next = call.virtual()
                            ? bySignature.getOrDefault(target.name() + target.descriptor(), List.of())
                            : resolve(target, byName, methods);
                    for (MethodId callee : next) {
                        if (cameFrom.putIfAbsent(callee, at) == null) {
                            todo.add(callee);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The method a static or special call runs: the named one, or the nearest library superclass's. */
    private static List<MethodId> resolve(
            ClassFile.Ref target, Map<String, ClassFile> byName, Map<MethodId, ClassFile.Method> methods) {
        for (ClassFile c = byName.get(target.owner()); c != null; c = byName.get(c.superName)) {
            MethodId id = new MethodId(c.name, target.name(), target.descriptor());
            if (methods.containsKey(id)) {
                return List.of(id);
            }
        }
        return List.of();
    }

    private static String path(Map<MethodId, MethodId> cameFrom, MethodId end) {
        Deque<String> steps = new ArrayDeque<>();
        for (MethodId at = end; ; at = cameFrom.get(at)) {
            steps.addFirst(at.toString());
            if (cameFrom.get(at).equals(at)) {
                return String.join(" -> ", steps);
            }
        }
    }

    private record MethodId(String owner, String name, String descriptor) {

        @Override
        public String toString() {
            return owner.substring(owner.lastIndexOf('/') + 1) + "." + name;
        }
    }
}
