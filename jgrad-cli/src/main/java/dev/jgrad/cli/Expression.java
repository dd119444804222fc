package dev.jgrad.cli;

import dev.jgrad.Op;
import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An infix expression over named variables, parsed once and turned into a {@link Value} graph for given variable
 * values.
 *
 * <p>Grammar, loosest binding first: {@code + -} (left-associative), {@code * /} (left-associative), unary minus,
 * {@code ^} or {@code **} (right-associative, so {@code 2^3^2 = 2^9}; it binds tighter than unary minus, so
 * {@code -x^2 = -(x^2)}, while {@code 2^-1} is allowed), then numbers ({@code 3}, {@code .5}, {@code 1e-3}),
 * variables ({@code x}, {@code w_1}), parenthesised expressions and function calls {@code f(a, b)}.
 *
 * <p>The functions are the operations of the core rule table {@link Op}, by lower-case name: {@code exp log log1p sqrt
 * tanh sigmoid relu sin cos abs sign neg} of one argument, {@code pow add sub mul div} of two, {@code where(c, a, b)}
 * ({@code c > 0 ? a : b}) of three and {@code sum} of one or more. Every node of the graph is built with
 * {@link Value#apply}, so derivatives come from the rule table and nowhere else.
 *
 * <p>Mistakes throw {@link InputException} with the 1-based column of the offending text.
 */
final class Expression {

    /** A parsed node; {@code column} is where its text starts (for an operator: the operator). */
    private sealed interface Node permits Num, Var, Call {
        int column();
    }

    private record Num(double value, int column) implements Node {
    }

    private record Var(String name, int column) implements Node {
    }

    private record Call(Op op, List<Node> args, int column) implements Node {
    }

    private static final Map<String, Op> FUNCTIONS = Arrays.stream(Op.values())
            .collect(Collectors.toMap(op -> op.name().toLowerCase(Locale.ROOT), op -> op,
                    (a, b) -> a, LinkedHashMap::new));

    private final String text;
    private final Node root;

    private Expression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses an expression.
     *
     * @param text the expression, such as {@code "x*y + tanh(x)^2"}
     * @return the parsed expression
     * @throws InputException if the text is not a well-formed expression, naming the column
     */
    static Expression parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Expression(text, new Parser(text).parseWhole());
    }

    /**
     * Builds the graph of this expression: one leaf per variable (shared by all its occurrences), one leaf per number,
     * one node per operation.
     *
     * @param leaves a leaf for every variable of the expression (more are allowed)
     * @return the output node
     * @throws InputException if a variable has no leaf, naming the column of its first occurrence
     */
    Value build(Map<String, Value> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        return build(root, leaves);
    }

    private Value build(Node node, Map<String, Value> leaves) {
        if (node instanceof Num num) {
            return Value.of(num.value());
        }
        if (node instanceof Var var) {
            Value leaf = leaves.get(var.name());
            if (leaf == null) {
                throw InputException.at("the expression", text, var.column(),
                        "no value for \"" + var.name() + "\"; give one with --at " + var.name() + "=...");
            }
            return leaf;
        }
        Call call = (Call) node;
        Value[] operands = new Value[call.args().size()];
        for (int i = 0; i < operands.length; i++) {
            operands[i] = build(call.args().get(i), leaves);
        }
        return Value.apply(call.op(), operands);
    }

    /** The names accepted as functions, for error messages and help. */
    static String functionNames() {
        return String.join(", ", FUNCTIONS.keySet());
    }

    /** A recursive-descent parser over the characters of the text; columns are 1-based. */
    private static final class Parser {

        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Node parseWhole() {
            skipSpaces();
            if (pos == text.length()) {
                throw error(pos, "the expression is empty");
            }
            Node node = sum();
            skipSpaces();
            if (pos < text.length()) {
                throw error(pos, "expected an operator (+ - * / ^) here, found " + describeHere());
            }
            return node;
        }

        private Node sum() {
            Node left = product();
            while (true) {
                skipSpaces();
                int at = pos;
                if (accept('+')) {
                    left = new Call(Op.ADD, List.of(left, product()), at + 1);
                } else if (accept('-')) {
                    left = new Call(Op.SUB, List.of(left, product()), at + 1);
                } else {
                    return left;
                }
            }
        }

        private Node product() {
            Node left = unary();
            while (true) {
                skipSpaces();
                int at = pos;
                if (accept('*')) {
                    left = new Call(Op.MUL, List.of(left, unary()), at + 1);
                } else if (accept('/')) {
                    left = new Call(Op.DIV, List.of(left, unary()), at + 1);
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            skipSpaces();
            int at = pos;
            if (accept('-')) {
                return new Call(Op.NEG, List.of(unary()), at + 1);
            }
            if (accept('+')) {
                return unary();
            }
            return power();
        }

        private Node power() {
            Node base = primary();
            skipSpaces();
            int at = pos;
            if (peekPower()) {
                pos += text.charAt(pos) == '^' ? 1 : 2;
                return new Call(Op.POW, List.of(base, unary()), at + 1);
            }
            return base;
        }

        private boolean peekPower() {
            return pos < text.length()
                    && (text.charAt(pos) == '^' || text.startsWith("**", pos));
        }

        private Node primary() {
            skipSpaces();
            int start = pos;
            if (pos == text.length()) {
                throw error(pos, "expected a number, variable, function or \"(\", found the end of the expression");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                Node inner = sum();
                expectClosing(start);
                return inner;
            }
            if (isDigit(c) || c == '.') {
                return new Num(number(), start + 1);
            }
            if (isNameStart(c)) {
                String name = name();
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == '(') {
                    return call(name, start);
                }
                return new Var(name, start + 1);
            }
            throw error(pos, "expected a number, variable, function or \"(\", found " + describeHere());
        }

        private Node call(String name, int start) {
            Op op = FUNCTIONS.get(name);
            if (op == null) {
                throw error(start, "unknown function \"" + name + "\" (functions: " + functionNames() + ")");
            }
            int open = pos;
            pos++;
            List<Node> args = new ArrayList<>();
            skipSpaces();
            if (!accept(')')) {
                do {
                    args.add(sum());
                    skipSpaces();
                } while (accept(','));
                expectClosing(open);
            }
            int arity = op.arity();
            boolean fits = arity == -1 ? !args.isEmpty() : args.size() == arity;
            if (!fits) {
                String wanted = arity == -1 ? "at least 1 argument"
                        : arity + (arity == 1 ? " argument" : " arguments");
                throw error(start, name + " takes " + wanted + ", given " + args.size());
            }
            return new Call(op, List.copyOf(args), start + 1);
        }

        private void expectClosing(int open) {
            skipSpaces();
            if (!accept(')')) {
                throw error(pos, "expected \")\" to close the \"(\" at column " + (open + 1) + ", found "
                        + describeHere());
            }
        }

        /** Digits with an optional fraction and exponent: {@code 12}, {@code 1.5}, {@code .5}, {@code 1e-3}. */
        private double number() {
            int start = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                while (pos < text.length() && isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            if (pos == start + 1 && text.charAt(start) == '.') {
                throw error(start, "\".\" must be followed by digits, as in .5");
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                int exponent = pos;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos == text.length() || !isDigit(text.charAt(pos))) {
                    throw error(exponent, "the exponent of \"" + text.substring(start, pos)
                            + "\" needs digits, as in 1e-3");
                }
                while (pos < text.length() && isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            return Double.parseDouble(text.substring(start, pos));
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private boolean accept(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private String describeHere() {
            if (pos == text.length()) {
                return "the end of the expression";
            }
            int end = pos;
            if (isNamePart(text.charAt(pos))) {
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
            } else {
                end = pos + Character.charCount(text.codePointAt(pos));
            }
            return "\"" + text.substring(pos, end) + "\"";
        }

        private InputException error(int index, String reason) {
            return InputException.at("the expression", text, index + 1, reason);
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
