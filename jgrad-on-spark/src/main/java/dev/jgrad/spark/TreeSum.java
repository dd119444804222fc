package dev.jgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Spark's {@code treeAggregate}, with every addition in a fixed order. Each partition reduces its rows to one partial
 * sum; partial sums then travel up a tree of the given depth (at each level, those of partitions {@code i},
 * {@code i + n}, {@code i + 2n}, ... meet in one task, as in {@code treeAggregate}), and the driver adds the last ones.
 * Where {@code treeAggregate} adds partial sums in the order their tasks finish, here they are added in the order of
 * the partitions they came from, so the rounding, and the result, is the same on every run: a retried or speculative
 * task changes nothing.
 */
final class TreeSum {

    /** A partial sum: {@link #plus} adds another into this one and returns this one. */
    interface Partial<A extends Partial<A>> extends Serializable {
        /**
         * Adds {@code other} into this partial sum.
         *
         * @param other the partial sum to add
         * @return this partial sum
         */
        A plus(A other);
    }

    private TreeSum() {
    }

    /**
     * The sum over all partitions of {@code perPartition}'s partial sums, added in partition order along the tree.
     *
     * @param rows         the data
     * @param perPartition a partition's index and rows to its partial sum; deterministic, with no side effects
     * @param zero         the sum of no partitions (returned for a data set without partitions)
     * @param depth        the depth of the tree, at least 1 (1: the driver adds every partition's partial sum)
     * @return the sum
     */
    static <T, A extends Partial<A>> A sum(JavaRDD<T> rows, Function2<Integer, Iterator<T>, A> perPartition, A zero,
            int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth (" + depth + ") must be >= 1");
        }
        JavaPairRDD<Integer, A> level = JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex(
                (index, part) -> List.of(new Tuple2<>(index, perPartition.call(index, part))).iterator(), true));
        int partitions = rows.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
        while (partitions > scale + ceilDiv(partitions, scale)) {
            partitions = ceilDiv(partitions, scale);
            int groups = partitions;
            level = level.mapToPair(partial -> new Tuple2<>(partial._1() % groups, partial))
                    .groupByKey(new HashPartitioner(groups))
                    .mapToPair(group -> new Tuple2<>(group._1(), inOrder(group._2())));
        }
        A total = zero;
        for (A partial : sorted(level.collect())) {
            total = total.plus(partial);
        }
        return total;
    }

    private static <A extends Partial<A>> A inOrder(Iterable<Tuple2<Integer, A>> partials) {
        List<Tuple2<Integer, A>> list = new ArrayList<>();
        partials.forEach(list::add);
        A total = null;
        for (A partial : sorted(list)) {
            total = total == null ? partial : total.plus(partial);
        }
        return total;
    }

    private static <A> List<A> sorted(List<Tuple2<Integer, A>> indexed) {
        List<Tuple2<Integer, A>> list = new ArrayList<>(indexed);
        list.sort(Comparator.comparing(Tuple2::_1));
        return list.stream().map(Tuple2::_2).toList();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
