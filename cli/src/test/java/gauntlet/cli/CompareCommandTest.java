package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gauntlet compare}'s exit codes and compare.md, on results folders written as a run writes them. */
class CompareCommandTest {
  @TempDir
  Path dir;

  /** A results folder with one Go cell whose repetitions had these throughputs. */
  private Path results(String name, double cpus, double... rps) throws IOException {
    String repetitions = Arrays.stream(rps).mapToObj(r -> String.format(Locale.ROOT,
        "{\"repetition\": 1, \"status\": \"ok\", \"requests\": %d, \"rps\": %.1f,"
            + " \"latency_ms\": {\"mean\": 1, \"p50\": %.4f, \"p90\": 2, \"p99\": %.4f, \"p999\": 9, \"max\": 20}}",
        Math.round(r * 2), r, 10_000 / r, 60_000 / r)).collect(Collectors.joining(", "));
    String id = "go-" + (cpus == 1 ? "1" : "0.5") + "cpu";
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("results.json"), """
        {"run_id": "%s", "cells": [{"id": "%s", "runtime": "go", "cpus": %s, "cluster": false, "copy": 0,
          "status": "ok", "repetitions": [%s]}]}
        """.formatted(name, id, cpus, repetitions));
    return folder;
  }

  @Test
  void aRunAgainstItselfExitsZeroAndHalfTheCpusIsARegressionThatExitsOne() throws IOException {
    Path full = results("full", 1, 25_444, 24_910, 26_020, 25_130, 25_760);
    Path half = results("half", 0.5, 12_800, 13_420, 12_410, 13_050, 12_990);

    CommandLineUser same = new CommandLineUser();
    assertThat(same.run("compare", full.toString(), full.toString())).as(same.err()).isZero();
    assertThat(same.out()).contains("| go-1cpu (5 vs 5 runs) | Throughput | 25,453 RPS | 25,453 RPS | +0.0 % |",
        "within noise", "Result: no significant regression beyond 5 %");

    CommandLineUser worse = new CommandLineUser();
    assertThat(worse.run("compare", full.toString(), half.toString(), "--max-regression", "5%")).as(worse.err())
        .isEqualTo(1);
    assertThat(half.resolve("compare.md")).content().contains("go-1cpu → go-0.5cpu (cpus 1 → 0.5)",
        "0.51× [0.49–0.53] | significant — REGRESSION", "Result: REGRESSION");
    // Allowed to lose 99 % (latency doubled: +97 %), the same changes are significant but no regression.
    CommandLineUser lenient = new CommandLineUser();
    assertThat(lenient.run("compare", full.toString(), half.toString(), "--max-regression", "99%")).as(lenient.out()).isZero();
  }

  @Test
  void aFolderWithoutResultsOrABadLimitIsBadInput() throws IOException {
    Path full = results("full", 1, 25_444, 24_910, 26_020);
    CommandLineUser missing = new CommandLineUser();
    assertThat(missing.run("compare", full.toString(), dir.resolve("nothing").toString())).isEqualTo(2);
    assertThat(missing.err()).contains("nothing holds no results.json");
    Files.writeString(Files.createDirectories(dir.resolve("broken")).resolve("results.json"), "{\"run_id\": ");
    CommandLineUser broken = new CommandLineUser();
    assertThat(broken.run("compare", full.toString(), dir.resolve("broken").toString())).isEqualTo(2);
    CommandLineUser limit = new CommandLineUser();
    assertThat(limit.run("compare", full.toString(), full.toString(), "--max-regression", "lots")).isEqualTo(2);
    assertThat(limit.err()).contains("--max-regression must be a percentage from 0 to 100 such as 5%, not 'lots'");
  }
}
