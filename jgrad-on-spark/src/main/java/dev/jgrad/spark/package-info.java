/**
 * Data-parallel gradients and training on Apache Spark.
 *
 * <p>A loss written with jgrad for one row ({@link dev.jgrad.spark.RowLoss}, or a network's loss,
 * {@link dev.jgrad.spark.NetworkLoss}) becomes the mean loss over a distributed data set and its gradient
 * ({@link dev.jgrad.spark.DistributedObjective}): parameters broadcast, the loss traced once per executor JVM and
 * replayed over each partition's rows, partial sums added along a tree in a fixed order. {@link
 * dev.jgrad.spark.Training} minimizes it on the driver with L-BFGS or mini-batch SGD/Adam;
 * {@link dev.jgrad.spark.NumericRows} and {@link dev.jgrad.spark.Tables} turn CSV or Parquet data into rows of numbers,
 * reporting every bad row with its place; {@link dev.jgrad.spark.Predictions} applies a saved model to a data set.
 * {@link dev.jgrad.spark.Main} is the {@code jgrad-spark} command.
 */
package dev.jgrad.spark;
