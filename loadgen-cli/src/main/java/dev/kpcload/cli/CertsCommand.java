package dev.kpcload.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.InvalidInputException;
import dev.kpcload.run.Values;
import dev.kpcload.tls.CertsLayout;
import dev.kpcload.tls.CertsRequest;
import dev.kpcload.tls.CertsWriter;
import dev.kpcload.tls.KeyType;
import dev.kpcload.tls.Validity;
import io.netty.util.NetUtil;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code loadgen certs}: a test CA, a server certificate and a client certificate per token, for rigs and tests. */
@Parameters(commandDescription = "Make a test CA, a server certificate and one client certificate per token (PEM)")
final class CertsCommand implements Main.HasHelp {

    /** Host names as RFC 1123 letters, digits and hyphens, optionally one leading wildcard label. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** Certificates start this long before now, so that a rig machine whose clock is a little behind accepts them. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    @Parameter(names = "--tokens", required = true, description = "Token file: one client certificate per token (CN = the token)")
    String tokens;
    @Parameter(names = "--out", required = true, description = "Directory to write ca.crt/.key, server.crt/.key and clients/")
    String out;
    @Parameter(names = "--server-names", description = "The server certificate's DNS names, comma-separated")
    String serverNames = "localhost";
    @Parameter(names = "--server-ips", description = "The server certificate's IP addresses, comma-separated (may be empty)")
    String serverIps = "127.0.0.1,::1";
    @Parameter(names = "--key-type", description = "ec (ECDSA P-256) or rsa (2048 bits)")
    String keyType = "ec";
    @Parameter(names = "--days", description = "How many days the certificates are valid")
    String days = "30";
    @Parameter(names = "--layout", description = "columns: DIR/tokens.csv with cert and key columns;"
            + " dir: only DIR/clients/{token}.crt and .key (for --certs-dir)")
    String layout = "columns";
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream console;
    private final Clock clock;

    CertsCommand(PrintStream console) {
        this(console, Clock.systemUTC());
    }

    CertsCommand(PrintStream console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    int call() {
        List<String> names = dnsNames(serverNames);
        List<InetAddress> addresses = addresses(serverIps);
        if (names.isEmpty() && addresses.isEmpty()) {
            throw new InvalidInputException("--server-names and --server-ips are both empty; the server certificate"
                    + " needs a name or an address");
        }
        int validDays = Values.intInRange(days, "--days", 1, 3650);
        Validity validity = new Validity(clock.instant().minus(CLOCK_SKEW),
                CLOCK_SKEW.plus(Duration.ofDays(validDays)));
        CertsRequest request = new CertsRequest(Path.of(tokens), Path.of(out), names, addresses,
                KeyType.parse(keyType, "--key-type"), validity, CertsLayout.parse(layout, "--layout"));
        CertsWriter.Written written = CertsWriter.write(request, new SecureRandom());
        console.println("wrote ca.crt, ca.key, server.crt, server.key (" + String.join(", ", describe(names, addresses))
                + ") and " + written.clients() + " client certificates in " + Path.of(out, CertsWriter.CLIENTS)
                + (written.tokenFile() == null ? "" : "; token file with cert and key columns: " + written.tokenFile())
                + "; valid until " + validity.notAfter());
        return ExitCodes.OK;
    }

    private static List<String> dnsNames(String text) {
        List<String> names = new ArrayList<>();
        for (String name : cells(text)) {
            if (name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
                throw new InvalidInputException("--server-names: '" + name + "' is not a DNS name (expected letters,"
                        + " digits, '-' and '.', like kpc.example; IP addresses go in --server-ips)");
            }
            names.add(name);
        }
        return names;
    }

    /** Literal addresses only: a host name here must never be looked up. */
    private static List<InetAddress> addresses(String text) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String address : cells(text)) {
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
            if (bytes == null) {
                throw new InvalidInputException("--server-ips: '" + address + "' is not an IP address (expected like"
                        + " 127.0.0.1 or ::1; names go in --server-names)");
            }
            try {
                addresses.add(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are an address", e);
            }
        }
        return addresses;
    }

    private static List<String> cells(String text) {
        List<String> cells = new ArrayList<>();
        for (String cell : text.split(",", -1)) {
            if (!cell.isBlank()) {
                cells.add(cell.strip());
            }
        }
        return cells;
    }

    private static List<String> describe(List<String> names, List<InetAddress> addresses) {
        List<String> all = new ArrayList<>(names);
        addresses.forEach(a -> all.add(a.getHostAddress()));
        return all;
    }
}
