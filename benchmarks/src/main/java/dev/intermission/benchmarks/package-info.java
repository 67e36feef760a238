/**
 * Benchmarks of Intermission: JMH micro-benchmarks ({@code jmh}), HTTP load against embedded Jetty ({@code http}),
 * propagation of a change between two instances ({@code propagation}) and the downtime of a migration window
 * ({@code window}). Run them with {@code benchmarks/run.sh}; results are written as JSON and summarised in
 * {@code docs/performance.md}.
 */
package dev.intermission.benchmarks;
