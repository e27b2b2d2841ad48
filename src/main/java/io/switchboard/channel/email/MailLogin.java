package io.switchboard.channel.email;

import jakarta.mail.PasswordAuthentication;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * How the gateway logs in to one mail server, IMAP or SMTP: not at all ({@code none}, SMTP only), with
 * a password, or with SASL XOAUTH2 and an OAuth2 token asked for at each login, so that a token that
 * ran out is replaced. The e-mail connectors refer to it by bean name ({@code emailImapLogin},
 * {@code emailSmtpLogin}); it also sets the Jakarta Mail properties of the login and of TLS.
 */
public class MailLogin extends MailAuthenticator {

    private final EmailProperties.Auth auth;
    private final String username;
    private final String password;
    private final MailTokens tokens;
    private final SSLSocketFactory tls;

    MailLogin(EmailProperties.Auth auth, String username, String password, MailTokens tokens, SSLSocketFactory tls) {
        if (auth == EmailProperties.Auth.OAUTH2 && tokens == null) {
            throw new IllegalArgumentException("oauth2 login without a token source");
        }
        this.auth = auth;
        this.username = username;
        this.password = password;
        this.tokens = tokens;
        this.tls = tls;
    }

    /** The login for this connection; for {@code none}, no user and no secret, so no AUTH is sent. */
    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        return switch (auth) {
            case NONE -> new PasswordAuthentication(null, null);
            case PASSWORD -> new PasswordAuthentication(username, password);
            case OAUTH2 -> new PasswordAuthentication(username, tokens.token());
        };
    }

    /** Jakarta Mail properties for {@code protocol} (imap, imaps, smtp): the login mechanism and TLS trust. */
    Properties configure(Properties properties, String protocol) {
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "auth", Boolean.toString(auth != EmailProperties.Auth.NONE));
        if (auth == EmailProperties.Auth.OAUTH2) {
            properties.put(prefix + "auth.mechanisms", "XOAUTH2");
        }
        properties.put(prefix + "ssl.checkserveridentity", "true");
        if (tls != null) {
            properties.put(prefix + "ssl.socketFactory", tls);
        }
        return properties;
    }
}
