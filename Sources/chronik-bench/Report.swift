import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Median, range and peak memory of one command's timed runs.
struct Stats {
    var median: Double
    var min: Double
    var max: Double
    var maxRSSKiB: Int
    var runs: Int

    init(_ measurements: [Measurement]) {
        let seconds = measurements.map(\.seconds).sorted()
        runs = seconds.count
        min = seconds.first ?? 0
        max = seconds.last ?? 0
        if seconds.isEmpty {
            median = 0
        } else if seconds.count % 2 == 1 {
            median = seconds[seconds.count / 2]
        } else {
            median = (seconds[seconds.count / 2 - 1] + seconds[seconds.count / 2]) / 2
        }
        maxRSSKiB = measurements.map(\.maxRSSKiB).max() ?? 0
    }
}

struct RowResult {
    var title: String
    var peerTitle: String
    var chronik: Stats
    var peer: Stats?
    var chronikCommands: [String]
    var peerCommands: [String]
    /// The peer that was not found, reported instead of silently skipped.
    var missingPeer: String?
    /// Why chronik's command failed (plain-repository rows only), reported in the table instead of a time.
    var chronikFailure: String? = nil
}

/// The machine the numbers come from.
struct Machine {
    var cores: Int
    var memoryGiB: Double
    var cpu: String
    var kernel: String
    var git: String

    static func current(git: String?) -> Machine {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        var memKiB = 0.0
        var cpu = "unknown CPU"
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }) {
            memKiB = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var name = utsname()
        uname(&name)
        let field = { (value: Any) -> String in
            withUnsafeBytes(of: value) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let kernel = field(name.sysname) + " " + field(name.release) + " " + field(name.machine)
        var gitVersion = "not found"
        if let git, let out = try? Spawn.output(git, ["--version"]), out.status == 0 {
            gitVersion = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Machine(cores: Int(cores), memoryGiB: memKiB / 1_048_576, cpu: cpu, kernel: kernel, git: gitVersion)
    }
}

/// The runner's Markdown output, ready to paste into BENCHMARKS.md.
struct Report {
    var label: String
    var options: GeneratorOptions
    /// The store of the store rows, when one of them ran.
    var store: (manifest: GeneratorManifest, generation: Generation)?
    /// The plain repository of the `plain-…` rows, when one of them ran.
    var plain: (manifest: GeneratorManifest, generation: Generation)?
    var runs: Int
    var machine: Machine
    var rows: [RowResult]

    func markdown() -> String {
        let dateFormatter = ISO8601DateFormatter()
        dateFormatter.formatOptions = [.withFullDate]
        var out = "### \(label): \(grouped(options.entries)) entries, \(grouped(options.versions)) versions (seed \(options.seed))\n\n"
        out += "- Date: \(dateFormatter.string(from: Date())); machine: \(machine.cores) cores (\(machine.cpu)), "
            + String(format: "%.1f GiB", machine.memoryGiB) + " RAM, \(machine.kernel); \(machine.git)\n"
        if let (manifest, generation) = store {
            out += "- Store: \(grouped(manifest.finalEntries)) entries at HEAD, \(grouped(manifest.commits)) commits, "
                + "\(manifest.tags) release tags, packed; generated in " + duration(generation.seconds)
            if let pack = generation.packSeconds { out += " + packed in " + duration(pack) }
            if generation.cached { out += " (cached)" }
            out += "\n"
            out += "- Probe entry for `log ENTRY`: `\(manifest.probeEntry)` (changed in \(manifest.probeVersions) versions"
                + (manifest.probeRenamed ? ", renamed at least once)" : ")") + "\n"
        }
        if let plain {
            out += "- Plain repository (rows \"plain repository: …\"): no chronik.yml, \(grouped(plain.manifest.finalEntries)) "
                + "entries at HEAD, \(grouped(plain.manifest.commits)) commits (\(plain.manifest.tags) release branches, each "
                + "with a fix and a lightweight tag, merged --no-ff into main), packed; generated in " + duration(plain.generation.seconds)
            if let pack = plain.generation.packSeconds { out += " + packed in " + duration(pack) }
            if plain.generation.cached { out += " (cached)" }
            out += "\n"
        }
        out += "- \(runs) timed runs per command after one warm-up, interleaved chronik, git, chronik, git, ...; "
            + "median (min–max) wall time; peak RSS is the largest maximum resident set size of the command's processes"
            + (Spawn.gnuTime != nil ? " (GNU time `%M`)" : " (`ru_maxrss` from wait4: an upper bound that includes the runner's own RSS, as GNU time was not found)")
            + "\n\n"
        out += "| Operation | chronik | peak RSS | git | peak RSS | chronik / git |\n"
        out += "|---|---:|---:|---:|---:|---:|\n"
        for row in rows {
            var line = "| \(row.title) | \(timing(row.chronik)) | \(memory(row.chronik.maxRSSKiB)) | "
            if let failure = row.chronikFailure {
                let reason = failure.split(separator: "\n").first.map(String.init) ?? failure
                line = "| \(row.title) | fails: \(reason.replacingOccurrences(of: "|", with: "\\|").prefix(160)) | – | "
                line += row.peer.map { "\(timing($0)) | \(memory($0.maxRSSKiB)) | – |" } ?? "– | – | – |"
            } else if let peer = row.peer {
                line += "\(timing(peer)) | \(memory(peer.maxRSSKiB)) | " + String(format: "%.2f×", row.chronik.median / max(peer.median, 1e-9)) + " |"
            } else {
                line += "missing: \(row.missingPeer ?? "peer") not found | – | – |"
            }
            out += line + "\n"
        }
        out += "\nCommands (stdout discarded):\n\n"
        for row in rows {
            out += "- \(row.title): `" + row.chronikCommands.joined(separator: " && ") + "`"
            if !row.peerCommands.isEmpty { out += " vs `" + row.peerCommands.joined(separator: " && ") + "`" }
            out += "\n"
        }
        return out
    }

    private func timing(_ s: Stats) -> String {
        "\(duration(s.median)) (\(duration(s.min))–\(duration(s.max)))"
    }

    private func duration(_ seconds: Double) -> String {
        if seconds < 0.1 { return String(format: "%.1f ms", seconds * 1000) }
        if seconds < 1 { return String(format: "%.0f ms", seconds * 1000) }
        if seconds < 100 { return String(format: "%.2f s", seconds) }
        return String(format: "%.0f s", seconds)
    }

    private func memory(_ kib: Int) -> String {
        kib >= 1024 * 100 ? "\(kib / 1024) MiB" : String(format: "%.1f MiB", Double(kib) / 1024)
    }

    private func grouped(_ n: Int) -> String {
        var digits = String(n)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        return digits + out
    }
}
