package dev.jgrad.tape.internal.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a JVM class file: just what {@link KernelGenerator} needs to emit a loop kernel. The class file has version
 * 49 (Java 5), whose verifier infers types itself, so no stack-map frames are written; the JIT compiles such classes
 * as well as any other.
 */
final class ClassBuilder {

    private static final int VERSION = 49;
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_SUPER = 0x0020;

    private final List<byte[]> pool = new ArrayList<>();
    private final Map<String, Integer> poolIndex = new HashMap<>();
    private final int thisClass;
    private final int superClass;
    private final int[] interfaces;
    private final List<byte[]> methods = new ArrayList<>();

    /**
     * @param name       the class's internal name, such as {@code dev/jgrad/tape/Kernel}
     * @param interfaces the internal names of the interfaces it implements
     */
    ClassBuilder(String name, String... interfaces) {
        this.thisClass = classRef(name);
        this.superClass = classRef("java/lang/Object");
        this.interfaces = new int[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            this.interfaces[i] = classRef(interfaces[i]);
        }
        Code init = method("<init>", "()V");
        init.aload(0);
        init.invoke(Code.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.op(Code.RETURN);
        init.end();
    }

    /** A new public method; call {@link Code#end()} when its body is written. */
    Code method(String name, String descriptor) {
        return new Code(name, descriptor);
    }

    /** The class file. */
    byte[] toBytes() {
        Bytes out = new Bytes();
        out.u4(0xCAFEBABE);
        out.u2(0);
        out.u2(VERSION);
        out.u2(pool.size() + 1);
        for (byte[] entry : pool) {
            out.bytes(entry);
        }
        out.u2(ACC_PUBLIC | ACC_FINAL | ACC_SUPER);
        out.u2(thisClass);
        out.u2(superClass);
        out.u2(interfaces.length);
        for (int i : interfaces) {
            out.u2(i);
        }
        out.u2(0);
        out.u2(methods.size());
        for (byte[] m : methods) {
            out.bytes(m);
        }
        out.u2(0);
        return out.toArray();
    }

    /** A growing array of bytes, written big-endian as class files are. */
    static final class Bytes {
        private byte[] bytes = new byte[256];
        private int size;

        void u1(int value) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) value;
        }

        void u2(int value) {
            u1(value >>> 8);
            u1(value);
        }

        void u4(int value) {
            u2(value >>> 16);
            u2(value);
        }

        void bytes(byte[] values) {
            for (byte value : values) {
                u1(value);
            }
        }

        int size() {
            return size;
        }

        /** Sets the two bytes at {@code at} (a branch offset written before its target was known). */
        void u2At(int at, int value) {
            bytes[at] = (byte) (value >>> 8);
            bytes[at + 1] = (byte) value;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    // ---------------------------------------------------------------- constant pool

    private int entry(String key, byte[] bytes) {
        Integer known = poolIndex.get(key);
        if (known != null) {
            return known;
        }
        pool.add(bytes);
        int index = pool.size();
        if (pool.size() > 0xFFFE) {
            throw new IllegalStateException("constant pool too large");
        }
        poolIndex.put(key, index);
        return index;
    }

    /** A name or descriptor: all are ASCII, whose modified UTF-8 is one byte per character. */
    private int utf8(String text) {
        Bytes bytes = new Bytes();
        bytes.u1(1);
        bytes.u2(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == 0 || text.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("not an ASCII name: " + text);
            }
            bytes.u1(text.charAt(i));
        }
        return entry("U" + text, bytes.toArray());
    }

    private int classRef(String internalName) {
        return entry("C" + internalName, u1u2(7, utf8(internalName)));
    }

    private int nameAndType(String name, String descriptor) {
        return entry("N" + name + ' ' + descriptor, u1u2u2(12, utf8(name), utf8(descriptor)));
    }

    private int member(int tag, String owner, String name, String descriptor) {
        return entry("M" + tag + owner + ' ' + name + ' ' + descriptor,
                u1u2u2(tag, classRef(owner), nameAndType(name, descriptor)));
    }

    private int integer(int value) {
        return entry("I" + value, new byte[] {3, (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
                (byte) value});
    }

    private static byte[] u1u2(int tag, int a) {
        return new byte[] {(byte) tag, (byte) (a >>> 8), (byte) a};
    }

    private static byte[] u1u2u2(int tag, int a, int b) {
        return new byte[] {(byte) tag, (byte) (a >>> 8), (byte) a, (byte) (b >>> 8), (byte) b};
    }

    /** A position in a method's code that branches may target before it is marked. */
    static final class Label {
        private int position = -1;
        private final List<Integer> fixups = new ArrayList<>();
    }

    /** The body of one method, written instruction by instruction. */
    final class Code {
        static final int RETURN = 0xB1;
        static final int IRETURN = 0xAC;
        static final int INVOKESPECIAL = 0xB7;
        static final int INVOKEVIRTUAL = 0xB6;
        static final int INVOKEINTERFACE = 0xB9;
        static final int DCONST_0 = 0x0E;
        static final int DALOAD = 0x31;
        static final int AALOAD = 0x32;
        static final int IALOAD = 0x2E;
        static final int DASTORE = 0x52;
        static final int DUP = 0x59;
        static final int DUP2 = 0x5C;
        static final int IADD = 0x60;
        static final int ISUB = 0x64;
        static final int IMUL = 0x68;
        static final int DADD = 0x63;
        static final int DSUB = 0x67;
        static final int DMUL = 0x6B;
        static final int IF_ICMPLT = 0xA1;
        static final int IF_ICMPGE = 0xA2;
        static final int IF_ICMPGT = 0xA3;
        static final int IFGT = 0x9D;
        static final int IFEQ = 0x99;
        static final int IFNE = 0x9A;
        static final int IFLT = 0x9B;
        static final int GOTO = 0xA7;

        private static final int MAX_STACK = 32;
        private final String name;
        private final String descriptor;
        private final Bytes code = new Bytes();
        private int maxLocals = 8;
        /** While recording: where each local's accesses go. */
        private Locals uses;
        /** Once allocated: the slot of each local as the generator numbers it. */
        private int[] slots;

        private Code(String name, String descriptor) {
            this.name = name;
            this.descriptor = descriptor;
        }

        /** The bytes of code written so far. */
        int size() {
            return code.size();
        }

        void op(int opcode) {
            code.u1(opcode);
        }

        private void u2(int value) {
            code.u2(value);
        }

        /** Records the accesses to the locals, for {@link Locals#allocate}. */
        void recordLocals(Locals locals) {
            uses = locals;
        }

        /** Writes local {@code i} (as the generator numbers it) as {@code slots[i]}. */
        void renumberLocals(int[] slots) {
            this.slots = slots;
        }

        private int slot(int index, int width) {
            if (uses != null) {
                uses.access(index, width);
            }
            return slots == null ? index : slots[index];
        }

        private void local(int opcode, int local, int width) {
            int index = slot(local, width);
            maxLocals = Math.max(maxLocals, index + width);
            if (index > 0xFF) {
                code.u1(0xC4);
                code.u1(opcode);
                u2(index);
            } else {
                code.u1(opcode);
                code.u1(index);
            }
        }

        void aload(int index) {
            local(0x19, index, 1);
        }

        void iload(int index) {
            local(0x15, index, 1);
        }

        void istore(int index) {
            local(0x36, index, 1);
        }

        void dload(int index) {
            local(0x18, index, 2);
        }

        void dstore(int index) {
            local(0x39, index, 2);
        }

        /** {@code local += delta} on an {@code int} local. */
        void iinc(int local, int delta) {
            int index = slot(local, 1);
            maxLocals = Math.max(maxLocals, index + 1);
            if (index > 0xFF || delta < Byte.MIN_VALUE || delta > Byte.MAX_VALUE) {
                code.u1(0xC4);
                code.u1(0x84);
                u2(index);
                u2(delta);
            } else {
                code.u1(0x84);
                code.u1(index);
                code.u1(delta);
            }
        }

        /** Pushes an {@code int} constant. */
        void iconst(int value) {
            if (value >= -1 && value <= 5) {
                code.u1(0x03 + value);
            } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
                code.u1(0x10);
                code.u1(value);
            } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
                code.u1(0x11);
                u2(value);
            } else {
                code.u1(0x13);
                u2(integer(value));
            }
        }

        void getstatic(String owner, String name, String descriptor) {
            code.u1(0xB2);
            u2(member(9, owner, name, descriptor));
        }

        /** Invokes a method of {@code owner}, on a class or (for {@code INVOKEINTERFACE}) an interface. */
        void invoke(int opcode, String owner, String name, String descriptor, boolean onInterface) {
            code.u1(opcode);
            u2(member(onInterface ? 11 : 10, owner, name, descriptor));
            if (opcode == INVOKEINTERFACE) {
                code.u1(argumentSlots(descriptor) + 1);
                code.u1(0);
            }
        }

        void mark(Label label) {
            label.position = code.size();
        }

        /** A branch instruction ({@code IF*}, {@code IF_ICMP*} or {@code GOTO}) to {@code target}. */
        void branch(int opcode, Label target) {
            target.fixups.add(code.size());
            code.u1(opcode);
            u2(0);
        }

        /** Ends the method: resolves its branches and adds it to the class. */
        void end() {
            for (Label label : labels) {
                if (label.position < 0 && !label.fixups.isEmpty()) {
                    throw new IllegalStateException("unmarked label in " + name);
                }
                for (int at : label.fixups) {
                    code.u2At(at + 1, label.position - at);
                }
            }
            byte[] body = code.toArray();
            Bytes out = new Bytes();
            out.u2(ACC_PUBLIC);
            out.u2(utf8(name));
            out.u2(utf8(descriptor));
            out.u2(1);
            out.u2(utf8("Code"));
            out.u4(12 + body.length);
            out.u2(MAX_STACK);
            out.u2(maxLocals);
            out.u4(body.length);
            out.bytes(body);
            out.u2(0);
            out.u2(0);
            methods.add(out.toArray());
        }

        private final List<Label> labels = new ArrayList<>();

        Label newLabel() {
            Label label = new Label();
            labels.add(label);
            return label;
        }
    }

    /** The argument slots a method descriptor takes: two for {@code long} and {@code double}, one for the rest. */
    static int argumentSlots(String descriptor) {
        int slots = 0;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            char c = descriptor.charAt(i);
            if (c == 'D' || c == 'J') {
                slots += 2;
                i++;
            } else if (c == 'L') {
                slots++;
                i = descriptor.indexOf(';', i) + 1;
            } else if (c == '[') {
                while (descriptor.charAt(i) == '[') {
                    i++;
                }
                i = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
                slots++;
            } else {
                slots++;
                i++;
            }
        }
        return slots;
    }
}
