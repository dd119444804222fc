package dev.jgrad.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a training run: a live progress bar (the progressbar library) on a terminal, plain lines otherwise,
 * so logs and pipes get readable text instead of carriage returns.
 */
interface Progress extends AutoCloseable {

    /** Plain mode prints about this many lines per run, plus the last step. */
    int PLAIN_LINES = 20;

    /**
     * Marks one more step done.
     *
     * @param message the current figures, such as {@code "loss 0.0123 accuracy 98.0%"}
     */
    void step(String message);

    /** Finishes the bar (no-op for plain lines). */
    @Override
    void close();

    /**
     * Progress for the command's output.
     *
     * @param task     the name shown, such as {@code "demo"}
     * @param unit     a step's name in plain lines, such as {@code "step"} or {@code "epoch"}
     * @param total    the number of steps
     * @param plain    where plain lines go when there is no terminal
     * @param terminal the terminal stream for the bar, or {@code null} when output is not a terminal
     * @return the progress
     */
    static Progress open(String task, String unit, int total, PrintWriter plain, PrintStream terminal) {
        if (terminal == null) {
            return new Lines(unit, total, plain);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .build();
        return new Progress() {
            @Override
            public void step(String message) {
                bar.setExtraMessage(message);
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /**
     * The terminal to draw a bar on: {@code stream} when this process has a console (standard input and output
     * are a terminal), else {@code null}.
     */
    static PrintStream terminal(PrintStream stream) {
        return System.console() != null ? stream : null;
    }

    /** One line every {@code total / PLAIN_LINES} steps and at the last: {@code step 40/100 loss 0.2 ...}. */
    final class Lines implements Progress {
        private final String unit;
        private final int total;
        private final int every;
        private final PrintWriter out;
        private int done;

        Lines(String unit, int total, PrintWriter out) {
            this.unit = unit;
            this.total = total;
            this.every = Math.max(1, (total + PLAIN_LINES - 1) / PLAIN_LINES);
            this.out = out;
        }

        @Override
        public void step(String message) {
            done++;
            if (done % every == 0 || done == total) {
                String width = "%" + String.valueOf(total).length() + "d";
                out.println(unit + " " + String.format(width, done) + "/" + total + "  " + message);
                out.flush();
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
