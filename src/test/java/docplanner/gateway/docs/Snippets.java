package docplanner.gateway.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fenced code blocks of README.md and docs/*.md, with where they are and their info string. */
final class Snippets {

  record Snippet(Path file, int line, String lang, String text) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  private Snippets() {
  }

  /** README.md first, then docs/*.md in name order. */
  static List<Snippet> all() {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("README.md"));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Snippet> out = new ArrayList<>();
    for (Path file : files) {
      out.addAll(in(file));
    }
    return out;
  }

  static List<Snippet> in(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        String lang = lines.get(i).substring(3).strip();
        StringBuilder text = new StringBuilder();
        int start = i + 1;
        for (i = i + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        out.add(new Snippet(file, start, lang, text.toString()));
      }
    }
    return out;
  }
}
