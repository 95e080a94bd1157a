package io.fleetaudit.schemas.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Resolves the HTTP basic-auth header for one registry URL from the configured credentials source.
 * Input: the client config and a URL. Output: an {@code Authorization} header value, or null for no
 * auth. The header value is the only place credentials live; it is never logged or printed.
 */
final class Credentials {

    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");

    private Credentials() {
    }

    static String authorizationHeader(SchemaRegistryClientConfig config, URI url) {
        String userInfo = switch (config.credentialsSource()) {
            case SchemaRegistryClientConfig.SOURCE_USER_INFO -> fromUserInfo(config.userInfo());
            case SchemaRegistryClientConfig.SOURCE_SASL_INHERIT -> fromJaas(config.originals().get("sasl.jaas.config"));
            default -> url.getRawUserInfo() == null ? null
                    : URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
        };
        if (userInfo == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static String fromUserInfo(Password userInfo) {
        if (userInfo == null || userInfo.value() == null || userInfo.value().isBlank()) {
            throw new ConfigException(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO + " is required (as user:password) when "
                    + SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE + "=" + SchemaRegistryClientConfig.SOURCE_USER_INFO);
        }
        if (!userInfo.value().contains(":")) {
            throw new ConfigException(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO
                    + " must have the form user:password (value not shown)");
        }
        return userInfo.value();
    }

    private static String fromJaas(Object jaas) {
        String text = jaas instanceof Password p ? p.value() : jaas == null ? null : jaas.toString();
        if (text == null) {
            throw new ConfigException("sasl.jaas.config is required when "
                    + SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE + "=" + SchemaRegistryClientConfig.SOURCE_SASL_INHERIT);
        }
        Matcher user = JAAS_USER.matcher(text);
        Matcher password = JAAS_PASSWORD.matcher(text);
        if (!user.find() || !password.find()) {
            throw new ConfigException("sasl.jaas.config has no username=\"...\" password=\"...\" pair to inherit for the "
                    + "schema registry (value not shown)");
        }
        return user.group(1) + ":" + password.group(1);
    }
}
