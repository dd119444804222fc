package dev.jgrad.cli;

import dev.jgrad.Op;
import dev.jgrad.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
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
 * <p>Parsing and building use explicit stacks, never recursion, so the depth and length of an expression are limited
 * by memory only (a sum of a million terms, a hundred thousand nested parentheses). Mistakes throw
 * {@link InputException} with the 1-based column of the offending text.
 */
final class Expression {

    /**
     * One step of the expression in postfix order: building pushes a leaf for a number or variable and replaces the
     * top {@code operands} values by their operation's node.
     */
    private sealed interface Step permits Num, Var, Apply {
    }

    private record Num(double value) implements Step {
    }

    /** A variable; {@code column} is where its first letter is, for the error when it has no value. */
    private record Var(String name, int column) implements Step {
    }

    private record Apply(Op op, int operands) implements Step {
    }

    private static final Map<String, Op> FUNCTIONS = Arrays.stream(Op.values())
            .collect(Collectors.toMap(op -> op.name().toLowerCase(Locale.ROOT), op -> op,
                    (a, b) -> a, LinkedHashMap::new));

    private final String text;
    private final List<Step> postfix;

    private Expression(String text, List<Step> postfix) {
        this.text = text;
        this.postfix = postfix;
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
        Value[] stack = new Value[16];
        int size = 0;
        for (Step step : postfix) {
            Value next;
            if (step instanceof Num num) {
                next = Value.of(num.value());
            } else if (step instanceof Var var) {
                next = leaves.get(var.name());
                if (next == null) {
                    throw InputException.at("the expression", text, var.column(), "no value for "
                            + Echo.quote(var.name()) + "; give one with --at " + Echo.shown(var.name())
                            + "=...");
                }
            } else {
                Apply apply = (Apply) step;
                size -= apply.operands();
                next = Value.apply(apply.op(), Arrays.copyOfRange(stack, size, size + apply.operands()));
            }
            if (size == stack.length) {
                stack = Arrays.copyOf(stack, size * 2);
            }
            stack[size++] = next;
        }
        return stack[0];
    }

    /** The names accepted as functions, for error messages and help. */
    static String functionNames() {
        return String.join(", ", FUNCTIONS.keySet());
    }

    /** Whether the whole text is a variable name: a letter or {@code _}, then letters, digits and {@code _}. */
    static boolean isName(String text) {
        if (text.isEmpty() || !isNameStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!isNamePart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Operator precedence parsing over the characters of the text, with a stack of the operators and open brackets
     * not yet applied; columns are 1-based.
     */
    private static final class Parser {

        /** An operator, or an open parenthesis or function call, waiting on the stack. */
        private static final class Pending {
            /** Binding strength of an operator; 0 for a bracket, which no operator takes off the stack. */
            final int precedence;
            final Op op;
            /** For a bracket: the index of its "(". */
            final int open;
            /** For a function call: its name and where it starts; {@code null} for a parenthesis or an operator. */
            final String function;
            final int start;
            /** For a function call: the arguments completed so far. */
            int arguments;

            Pending(int precedence, Op op, int open, String function, int start) {
                this.precedence = precedence;
                this.op = op;
                this.open = open;
                this.function = function;
                this.start = start;
            }

            boolean isBracket() {
                return precedence == 0;
            }
        }

        private static final int SUM = 1;
        private static final int PRODUCT = 2;
        private static final int NEGATION = 3;
        private static final int POWER = 4;

        private final String text;
        private final List<Step> out = new ArrayList<>();
        private final Deque<Pending> stack = new ArrayDeque<>();
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<Step> parseWhole() {
            skipSpaces();
            if (pos == text.length()) {
                throw error(pos, "the expression is empty");
            }
            boolean operandNext = true;
            while (true) {
                skipSpaces();
                if (operandNext) {
                    operandNext = operand();
                } else if (pos == text.length()) {
                    break;
                } else {
                    operandNext = afterOperand();
                }
            }
            applyDownToBracket();
            if (!stack.isEmpty()) {
                throw unclosed(stack.peek());
            }
            return List.copyOf(out);
        }

        /** Reads what may start an operand; returns whether an operand is still expected. */
        private boolean operand() {
            if (pos == text.length()) {
                throw error(pos, "expected a number, variable, function or \"(\", found the end of the expression");
            }
            char c = text.charAt(pos);
            if (c == '-') {
                stack.push(new Pending(NEGATION, Op.NEG, -1, null, pos));
                pos++;
                return true;
            }
            if (c == '+') {
                pos++;
                return true;
            }
            if (c == '(') {
                stack.push(new Pending(0, null, pos, null, pos));
                pos++;
                return true;
            }
            if (isDigit(c) || c == '.') {
                out.add(new Num(number()));
                return false;
            }
            if (isNameStart(c)) {
                int start = pos;
                String name = name();
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == '(') {
                    return call(name, start);
                }
                out.add(new Var(name, start + 1));
                return false;
            }
            throw error(pos, "expected a number, variable, function or \"(\", found " + describeHere());
        }

        /** Opens a function call at the "(" after its name; returns whether an argument follows. */
        private boolean call(String name, int start) {
            Op op = FUNCTIONS.get(name);
            if (op == null) {
                throw error(start, "unknown function " + Echo.quote(name) + " (functions: " + functionNames() + ")");
            }
            Pending call = new Pending(0, op, pos, name, start);
            stack.push(call);
            pos++;
            skipSpaces();
            if (accept(')')) {
                stack.pop();
                finishCall(call);
                return false;
            }
            return true;
        }

        /** Reads an operator, a comma or a closing parenthesis after an operand; returns whether an operand follows. */
        private boolean afterOperand() {
            int at = pos;
            char c = text.charAt(pos);
            if (c == '+' || c == '-') {
                pos++;
                binary(SUM, c == '+' ? Op.ADD : Op.SUB, at);
                return true;
            }
            if (text.startsWith("**", pos) || c == '^') {
                pos += c == '^' ? 1 : 2;
                binary(POWER, Op.POW, at);
                return true;
            }
            if (c == '*' || c == '/') {
                pos++;
                binary(PRODUCT, c == '*' ? Op.MUL : Op.DIV, at);
                return true;
            }
            if (c == ',' || c == ')') {
                applyDownToBracket();
                Pending bracket = stack.peek();
                if (bracket == null) {
                    throw error(pos, "expected an operator (+ - * / ^) here, found " + describeHere());
                }
                if (c == ',' && bracket.function == null) {
                    throw unclosed(bracket);
                }
                pos++;
                if (bracket.function == null) {
                    stack.pop();
                    return false;
                }
                bracket.arguments++;
                if (c == ',') {
                    return true;
                }
                stack.pop();
                finishCall(bracket);
                return false;
            }
            Pending innermost = innermostBracket();
            if (innermost != null) {
                throw unclosed(innermost);
            }
            throw error(pos, "expected an operator (+ - * / ^) here, found " + describeHere());
        }

        /**
         * Pushes a binary operator after applying the waiting ones that bind at least as tightly (more tightly for
         * the right-associative power).
         */
        private void binary(int precedence, Op op, int at) {
            while (!stack.isEmpty() && !stack.peek().isBracket()
                    && (stack.peek().precedence > precedence
                    || stack.peek().precedence == precedence && precedence != POWER)) {
                applyTop();
            }
            stack.push(new Pending(precedence, op, -1, null, at));
        }

        private void applyDownToBracket() {
            while (!stack.isEmpty() && !stack.peek().isBracket()) {
                applyTop();
            }
        }

        private void applyTop() {
            Pending operator = stack.pop();
            out.add(new Apply(operator.op, operator.precedence == NEGATION ? 1 : 2));
        }

        private void finishCall(Pending call) {
            int arity = call.op.arity();
            int given = call.arguments;
            boolean fits = arity == -1 ? given > 0 : given == arity;
            if (!fits) {
                String wanted = arity == -1 ? "at least 1 argument"
                        : arity + (arity == 1 ? " argument" : " arguments");
                throw error(call.start, call.function + " takes " + wanted + ", given " + given);
            }
            out.add(new Apply(call.op, given));
        }

        private Pending innermostBracket() {
            for (Pending pending : stack) {
                if (pending.isBracket()) {
                    return pending;
                }
            }
            return null;
        }

        private InputException unclosed(Pending bracket) {
            return error(pos, "expected \")\" to close the \"(\" at column " + (bracket.open + 1) + ", found "
                    + describeHere());
        }

        /**
         * Digits with an optional fraction and exponent: {@code 12}, {@code 1.5}, {@code .5}, {@code 1e-3}. A number
         * beyond the largest double ({@code 1e999}) is refused, as {@code --at} refuses one; one too close to 0 for
         * any double ({@code 1e-999}) is 0, as in {@code --at}.
         */
        private double number() {
            int start = pos;
            skipDigits();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                skipDigits();
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
                    throw error(exponent, "the exponent of " + Echo.quote(text.substring(start, pos))
                            + " needs digits, as in 1e-3");
                }
                skipDigits();
            }
            String literal = text.substring(start, pos);
            double value = Double.parseDouble(literal);
            if (Double.isInfinite(value)) {
                throw error(start, Echo.quote(literal) + " is out of the range of a double");
            }
            return value;
        }

        private void skipDigits() {
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
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
            return Echo.quote(text.substring(pos, end));
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
