package dev.jgrad.cli;

/** Counts in messages, with the noun in the right number: {@code 1 epoch}, {@code 2 epochs}, {@code 0 rows}. */
final class Plural {

    private Plural() {
    }

    /**
     * The count, a space and the noun, to which an "s" is added unless the count is 1.
     *
     * @param count how many
     * @param noun  the noun in the singular, one whose plural adds "s", such as {@code "epoch"} or {@code "data row"}
     * @return such as {@code "1 epoch"} or {@code "3 epochs"}
     */
    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
