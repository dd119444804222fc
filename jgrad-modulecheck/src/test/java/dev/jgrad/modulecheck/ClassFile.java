package dev.jgrad.modulecheck;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a class file (JVMS chapter 4) that the library rules look at: the class's name, superclass,
 * interfaces and flags, every class and member its constant pool refers to, and per method the members its bytecode
 * uses. Reading the constant pool as well as the code catches references that appear only as method handles (a
 * {@code Thread::new} method reference has no instruction naming {@code Thread}).
 */
final class ClassFile {

    static final int ACC_PUBLIC = 0x0001;
    static final int ACC_NATIVE = 0x0100;

    /**
     * A field, method or class used by the class; {@code name} and {@code descriptor} are empty for a class. Shown as
     * {@code java.lang.System.out}.
     */
    record Ref(String owner, String name, String descriptor) {

        @Override
        public String toString() {
            String type = owner.replace('/', '.');
            return name.isEmpty() ? type : type + "." + name;
        }
    }

    /**
     * A method and what its bytecode invokes or accesses. Invokedynamic call sites are left out: their targets (lambda
     * bodies, string concatenation) run only when the call site is reached, not when the method is entered.
     */
    record Method(String name, String descriptor, int access, List<Call> invokes, List<Ref> uses) {}

    /** A method call; {@code virtual} for invokevirtual and invokeinterface, whose target depends on the receiver. */
    record Call(Ref target, boolean virtual) {}

    final String name;
    final String superName;
    final List<String> interfaces;
    final int access;
    final Set<String> classRefs;
    final Set<Ref> memberRefs;
    final List<Method> methods;

    private final int[] tags;
    private final int[] first;
    private final int[] second;
    private final String[] utf8;

    private ClassFile(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        tags = new int[count];
        first = new int[count];
        second = new int[count];
        utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at index " + i);
            }
        }
        access = in.readUnsignedShort();
        name = className(in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        superName = superIndex == 0 ? "" : className(superIndex);
        List<String> ifaces = new ArrayList<>();
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            ifaces.add(className(in.readUnsignedShort()));
        }
        interfaces = List.copyOf(ifaces);
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            skipAttributes(in);
        }
        List<Method> ms = new ArrayList<>();
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            ms.add(readMethod(in));
        }
        methods = List.copyOf(ms);
        Set<String> classes = new LinkedHashSet<>();
        Set<Ref> members = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                classes.add(className(i));
            } else if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                members.add(member(i));
            }
        }
        classRefs = Set.copyOf(classes);
        memberRefs = Set.copyOf(members);
    }

    /** Parses a class file. */
    static ClassFile parse(byte[] bytes) throws IOException {
        return new ClassFile(bytes);
    }

    /** The package, in dotted form ({@code ""} for the unnamed package). */
    String packageName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash).replace('/', '.');
    }

    private Method readMethod(DataInputStream in) throws IOException {
        int flags = in.readUnsignedShort();
        String methodName = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        List<Call> invokes = new ArrayList<>();
        List<Ref> uses = new ArrayList<>();
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            byte[] body = in.readNBytes(length);
            if (attribute.equals("Code")) {
                readCode(body, invokes, uses);
            }
        }
        return new Method(methodName, descriptor, flags, List.copyOf(invokes), List.copyOf(uses));
    }

    private void readCode(byte[] attribute, List<Call> invokes, List<Ref> uses) {
        int codeLength = u4(attribute, 4);
        int start = 8;
        int pc = 0;
        while (pc < codeLength) {
            int at = start + pc;
            int opcode = attribute[at] & 0xFF;
            switch (opcode) {
                case 0xB2, 0xB3, 0xB4, 0xB5 -> uses.add(member(u2(attribute, at + 1)));
                case 0xB6, 0xB7, 0xB8, 0xB9 -> {
                    Ref target = member(u2(attribute, at + 1));
                    invokes.add(new Call(target, opcode == 0xB6 || opcode == 0xB9));
                    uses.add(target);
                }
                case 0xBB, 0xBD, 0xC0, 0xC1, 0xC5 -> uses.add(new Ref(className(u2(attribute, at + 1)), "", ""));
                case 0x12 -> addIfClass(attribute[at + 1] & 0xFF, uses);
                case 0x13 -> addIfClass(u2(attribute, at + 1), uses);
                default -> {
                }
            }
            pc += instructionLength(attribute, start, pc, opcode);
        }
    }

    private void addIfClass(int index, List<Ref> uses) {
        if (tags[index] == 7) {
            uses.add(new Ref(className(index), "", ""));
        }
    }

    /** The length in bytes of the instruction at {@code pc}, per JVMS 6.5. */
    private static int instructionLength(byte[] attribute, int start, int pc, int opcode) {
        if (opcode == 0xAA || opcode == 0xAB) {
            int operands = (pc + 4) & ~3;
            int at = start + operands;
            if (opcode == 0xAA) {
                int low = u4(attribute, at + 4);
                int high = u4(attribute, at + 8);
                return operands - pc + 12 + 4 * (high - low + 1);
            }
            return operands - pc + 8 + 8 * u4(attribute, at + 4);
        }
        if (opcode == 0xC4) {
            return (attribute[start + pc + 1] & 0xFF) == 0x84 ? 6 : 4;
        }
        if (opcode == 0x10 || opcode == 0x12 || (opcode >= 0x15 && opcode <= 0x19)
                || (opcode >= 0x36 && opcode <= 0x3A) || opcode == 0xA9 || opcode == 0xBC) {
            return 2;
        }
        if (opcode == 0x11 || opcode == 0x13 || opcode == 0x14 || opcode == 0x84 || (opcode >= 0x99 && opcode <= 0xA8)
                || (opcode >= 0xB2 && opcode <= 0xB8) || opcode == 0xBB || opcode == 0xBD || opcode == 0xC0
                || opcode == 0xC1 || opcode == 0xC6 || opcode == 0xC7) {
            return 3;
        }
        if (opcode == 0xC5) {
            return 4;
        }
        if (opcode == 0xB9 || opcode == 0xBA || opcode == 0xC8 || opcode == 0xC9) {
            return 5;
        }
        return 1;
    }

    private Ref member(int index) {
        int nameAndType = second[index];
        return new Ref(className(first[index]), utf8[first[nameAndType]], utf8[second[nameAndType]]);
    }

    /** A class entry's name; an array type names its element class ({@code [Ljava/lang/Thread;} is a Thread use). */
    private String className(int index) {
        String raw = utf8[first[index]];
        if (raw.startsWith("[")) {
            String element = raw.replaceFirst("^\\[+", "");
            return element.startsWith("L") ? element.substring(1, element.length() - 1) : element;
        }
        return raw;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u4(byte[] b, int at) {
        return (u2(b, at) << 16) | u2(b, at + 2);
    }
}
