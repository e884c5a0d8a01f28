package dev.tracer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc} (its open socket inodes matched against
 * the listening entries of its network namespace): no connection is made to find them.
 */
public final class ListeningSockets {
  private ListeningSockets() {}

  /** {@code address:port} of each listening socket of {@code pid}, e.g. {@code 127.0.0.1:9464} or {@code [::]:80}. */
  public static List<String> of(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Paths.get("/proc", String.valueOf(pid), "fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away while listing
        }
      });
    }
    List<String> listening = new ArrayList<>();
    for (String table : new String[] {"tcp", "tcp6"}) {
      Path path = Paths.get("/proc", String.valueOf(pid), "net", table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // f[1] local address, f[3] state (0A = LISTEN), f[9] inode
        if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
          listening.add(address(f[1]));
        }
      }
    }
    return listening;
  }

  /** {@code 0100007F:24E8} → {@code 127.0.0.1:9448}; IPv4-mapped IPv6 as IPv4; other IPv6 in brackets. */
  static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String a = parts[0];
    if (a.length() == 8) {
      StringBuilder ip = new StringBuilder();
      for (int i = 3; i >= 0; i--) {
        ip.append(Integer.parseInt(a.substring(i * 2, i * 2 + 2), 16)).append(i > 0 ? "." : "");
      }
      return ip + ":" + port;
    }
    if (a.toUpperCase(java.util.Locale.ROOT).startsWith("0000000000000000FFFF0000")) {
      // an IPv4-mapped address (Java's dual-stack sockets): shown as the IPv4 address it is
      return address(a.substring(24) + ":" + parts[1]);
    }
    // IPv6: four 32-bit words, each little-endian; written uncompressed, e.g. [0:0:0:0:0:0:0:1]
    StringBuilder ip = new StringBuilder("[");
    for (int word = 0; word < 4; word++) {
      String w = a.substring(word * 8, word * 8 + 8);
      String be = w.substring(6, 8) + w.substring(4, 6) + w.substring(2, 4) + w.substring(0, 2);
      ip.append(word > 0 ? ":" : "").append(Integer.toHexString(Integer.parseInt(be.substring(0, 4), 16)))
          .append(':').append(Integer.toHexString(Integer.parseInt(be.substring(4, 8), 16)));
    }
    return ip.append("]:").append(port).toString();
  }
}
