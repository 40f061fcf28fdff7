package io.hellocheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and of the Markdown files under docs/ resolves: the file it names exists and,
 * for a link with an anchor, that file has a heading with that anchor (as GitHub makes it: lower case, punctuation
 * dropped, spaces as hyphens). Code blocks are not read.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+ (.*)$");
    private static final Pattern CODE_BLOCK = Pattern.compile("(?ms)^```.*?^```");

    private static String prose(Path file) throws IOException {
        return CODE_BLOCK.matcher(Files.readString(file)).replaceAll("");
    }

    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        Matcher m = HEADING.matcher(prose(file));
        while (m.find()) {
            anchors.add(anchor(m.group(1)));
        }
        return anchors;
    }

    @Test
    void anchorsAreGitHubs() {
        assertThat(anchor("HTML report (`--format html`)")).isEqualTo("html-report---format-html");
        assertThat(anchor("How `connections.parquet` is written")).isEqualTo("how-connectionsparquet-is-written");
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = ReadmeSnippetTest.root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(1);
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : files) {
            Matcher m = LINK.matcher(prose(file));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                links++;
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path dest = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(dest)) {
                    broken.add(root.relativize(file) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(dest).contains(target.substring(hash + 1))) {
                    broken.add(root.relativize(file) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(links).isPositive();
        assertThat(broken).isEmpty();
    }
}
