package docplanner.gateway.bench;

import docplanner.gateway.store.IndexCeiling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the Lua of the gateway's store script and of the bare-dedupe ceiling's script to files,
 * for bench/run's {@code script} case. The gateway's comes from whichever build is first on the
 * class path, so putting an earlier jar before the bench classes gives that build's script.
 *
 * <p>{@code java -cp ... docplanner.gateway.bench.ScriptSources GATEWAY_FILE BARE_FILE}
 */
public final class ScriptSources {

  private ScriptSources() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ScriptSources GATEWAY_FILE BARE_FILE");
    }
    Files.writeString(Path.of(args[0]), IndexCeiling.source());
    Files.writeString(Path.of(args[1]), CeilingServer.DEDUPE_SCRIPT);
  }
}
