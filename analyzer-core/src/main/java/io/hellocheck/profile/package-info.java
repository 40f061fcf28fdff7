/**
 * Server profiles: what a server is configured to accept (cipher suites, protocol versions, groups), to
 * compare with what a client offered.
 *
 * <p>Three sources feed the diagnosis, each labelled in the output: the set inferred from completed
 * handshakes in the capture ({@code analysis.CipherOverlap}); a profile the user gives
 * ({@link io.hellocheck.profile.ServerProfiles#read}: a name list, testssl.sh JSON, nmap ssl-enum-ciphers
 * XML, PowerShell Get-TlsCipherSuite output); and the built-in profiles
 * ({@link io.hellocheck.profile.BuiltinProfiles}: Mozilla modern / intermediate / old, Windows Server
 * default Schannel lists). {@link io.hellocheck.profile.ProfileMatch} compares one profile with one
 * ClientHello.
 */
package io.hellocheck.profile;
