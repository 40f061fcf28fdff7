package io.hellocheck.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz target (Jazzer, see "Fuzzing" in README.md): the server-profile parsers. Byte 0 picks one (nmap XML,
 * with entity expansion and external entities among the seeds; testssl JSON; PowerShell text; cipher lists;
 * or the format detection of {@link ServerProfiles#read}), the rest is the file. Only
 * {@link ProfileFormatException} may come out (an {@link IOException} from {@code read}); a profile lists no more
 * suites than its text has characters. Jazzer's XML sanitizers fail the run if an external entity is fetched.
 */
class ProfileParsersFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parsers(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] file = Arrays.copyOfRange(data, 1, data.length);
        String text = new String(file, StandardCharsets.UTF_8);
        try {
            ParsedProfile p = switch ((data[0] & 0xff) % 5) {
                case 0 -> NmapXmlParser.parse(text, "fuzz.xml");
                case 1 -> TestsslJsonParser.parse(text, "fuzz.json");
                case 2 -> PowerShellParser.parse(text, "fuzz.txt");
                case 3 -> CipherListParser.parse(text, "fuzz.txt");
                default -> ServerProfiles.read(new ByteArrayInputStream(file), "fuzz");
            };
            assertThat(p.profile().cipherSuites().size()).isLessThanOrEqualTo(text.length());
        } catch (ProfileFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (IOException expected) {
            // ServerProfiles.read: a file that is not a profile
        }
    }
}
