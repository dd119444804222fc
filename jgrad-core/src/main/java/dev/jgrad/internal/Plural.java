package dev.jgrad.internal;

/**
 * Counts in messages, with the noun in the number the count takes: {@code 1 epoch}, {@code 2 epochs},
 * {@code 0 rows}, {@code 1 entry}. Used by jgrad-core's error messages and by the {@code jgrad} and
 * {@code jgrad-spark} commands.
 */
public final class Plural {

    private Plural() {
    }

    /**
     * The count, a space and the noun, to which an "s" is added unless the count is 1.
     *
     * @param count how many
     * @param noun  the noun in the singular, one whose plural adds "s", such as {@code "epoch"} or {@code "data row"}
     * @return such as {@code "1 epoch"} or {@code "3 epochs"}
     */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /**
     * The count, a space and the singular if the count is 1, else the plural.
     *
     * @param count    how many
     * @param singular such as {@code "entry"}
     * @param plural   such as {@code "entries"}
     * @return such as {@code "1 entry"} or {@code "0 entries"}
     */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
