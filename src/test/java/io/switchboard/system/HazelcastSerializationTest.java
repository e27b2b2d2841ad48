package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * What crosses between members: every value the gateway keeps in a Hazelcast map and every entry
 * processor travels as JSON and comes back equal; a Java-serialized object of any other kind is refused.
 */
class HazelcastSerializationTest {

    /** The values of the gateway's maps and what its entry processors answer (besides JDK types). */
    static final List<String> VALUES = List.of(
            "io.switchboard.conversation.Conversation",
            "io.switchboard.conversation.Appended",
            "io.switchboard.conversation.ConversationChange$InboundResult",
            "io.switchboard.customer.Customer",
            "io.switchboard.customer.Address",
            "io.switchboard.customer.ClaimedAddress",
            "io.switchboard.customer.Consent$OptOut",
            "io.switchboard.customer.AddressConfirmations$Pending",
            "io.switchboard.delivery.OutboxKey",
            "io.switchboard.delivery.OutboxEntry",
            "io.switchboard.envelope.Envelope",
            "io.switchboard.channel.voice.LiveCalls$Call",
            "io.switchboard.inbox.Agent",
            "io.switchboard.inbox.WaitingEntry",
            "io.switchboard.inbox.QueueDefinition",
            "io.switchboard.inbox.CannedResponses$Canned",
            "io.switchboard.inbox.CsatSurveys$Pending",
            "io.switchboard.privacy.LegalHolds$Hold");

    static HazelcastInstance instance;
    static InternalSerializationService member;
    static int times;
    static int number = 1;

    @BeforeAll
    static void memberSerialization() {
        Config config = new Config().setClusterName("serialization-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        HazelcastConfiguration.serialization(config, Jackson2ObjectMapperBuilder.json().build());
        instance = Hazelcast.newHazelcastInstance(config);
        member = (InternalSerializationService) ((SerializationServiceSupport) instance).getSerializationService();
    }

    @AfterAll
    static void stop() {
        instance.getLifecycleService().terminate();
    }

    @Test
    void everyMapValueAndEntryProcessorTravelsAsJsonAndComesBackEqual() throws Exception {
        var classes = new ArrayList<Class<?>>();
        for (String name : VALUES) {
            classes.add(Class.forName(name));
        }
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(EntryProcessor.class));
        for (BeanDefinition found : scanner.findCandidateComponents("io.switchboard")) {
            Class<?> type = Class.forName(found.getBeanClassName());
            if (!ofTests(type)) {
                classes.add(type);
            }
        }
        assertThat(classes).as("entry processors found").hasSizeGreaterThan(VALUES.size() + 20);

        for (Class<?> type : classes) {
            Object value = sample(type, type);
            Data data = member.toData(value);
            assertThat(data.getType()).as("%s travels as JSON", type.getName())
                    .isIn(JsonValueSerializer.VALUES, JsonValueSerializer.ENTRY_PROCESSORS);
            Object back = member.toObject(data);
            assertThat(back).as("%s after the trip", type.getName()).isEqualTo(value);
        }
    }

    @Test
    void noRecordOfTheGatewayIsJavaSerializableSaveItsEntryProcessors() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Serializable.class));
        for (BeanDefinition found : scanner.findCandidateComponents("io.switchboard")) {
            Class<?> type = Class.forName(found.getBeanClassName());
            if (ofTests(type) || type.isEnum()) {
                continue;
            }
            assertThat(Throwable.class.isAssignableFrom(type) || EntryProcessor.class.isAssignableFrom(type))
                    .as("%s is Serializable: a value crosses members as JSON, never Java-serialized", type.getName())
                    .isTrue();
        }
    }

    @Test
    void aJavaSerializedObjectOutsideTheAllowedPackagesIsRefused() {
        var plain = new DefaultSerializationServiceBuilder().build();
        // a classic first link of deserialization gadget chains; any class outside the JDK's value packages
        Data hostile = plain.toData(new javax.management.BadAttributeValueExpException("payload"));
        assertThatThrownBy(() -> member.toObject(new HeapData(hostile.toByteArray())))
                .hasStackTraceContaining("javax.management.BadAttributeValueExpException");

        Data exception = plain.toData(new IllegalStateException("a remote operation failed"));
        assertThat(member.<Object>toObject(new HeapData(exception.toByteArray())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueOfAnotherKindIsNeitherWrittenNorRead() {
        assertThatThrownBy(() -> member.toData(new Object()))
                .hasStackTraceContaining("not a value the gateway shares between members: java.lang.Object");

        byte[] type = "java.lang.ProcessBuilder".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"command\":[\"sh\"]}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer forged = ByteBuffer.allocate(16 + type.length + value.length)
                .putInt(0).putInt(JsonValueSerializer.VALUES)
                .putInt(type.length).put(type).putInt(value.length).put(value);
        assertThatThrownBy(() -> member.toObject(new HeapData(forged.array())))
                .hasStackTraceContaining("refused a value of a type the gateway does not share: java.lang.ProcessBuilder");
        assertThat(JsonValueSerializer.own(Thread.State.class)).as("a JDK enum").isFalse();
    }

    private static boolean ofTests(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes");
    }

    /** A value of the type with every component filled in, for a round trip. */
    static Object sample(Type type, Class<?> owner) throws Exception {
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] args = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return List.of(sample(args[0], owner));
            }
            if (Set.class.isAssignableFrom(raw)) {
                return Set.of(sample(args[0], owner));
            }
            if (Map.class.isAssignableFrom(raw)) {
                var map = new HashMap<>();
                map.put(sample(args[0], owner), sample(args[1], owner));
                return map;
            }
            if (raw == Optional.class) {
                return Optional.of(sample(args[0], owner));
            }
            return sample(raw, owner);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == Object.class) {
            return "sms";
        }
        if (c == int.class || c == Integer.class) {
            return number;
        }
        if (c == long.class || c == Long.class) {
            return (long) number;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c == double.class || c == Double.class) {
            return 0.5;
        }
        if (c == float.class || c == Float.class) {
            return 0.5f;
        }
        if (c == Instant.class) {
            return Instant.parse("2026-01-02T03:04:05.123Z");
        }
        if (c == Duration.class) {
            return Duration.ofMinutes(5);
        }
        if (c == ZoneId.class) {
            return ZoneId.of("Europe/Paris");
        }
        if (c == LocalDate.class) {
            return LocalDate.of(2026, 12, 24);
        }
        if (c == LocalTime.class) {
            return LocalTime.of(9, 30).plusHours(times++ % 12); // opening before closing
        }
        if (c == DayOfWeek.class) {
            return DayOfWeek.MONDAY;
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.getName().equals("io.switchboard.customer.Address")) {
            return c.getMethod("parse", String.class).invoke(null, "sms:+14155550123");
        }
        if (c.isSealed()) {
            return sample(c.getPermittedSubclasses()[0], owner);
        }
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            var argTypes = new Class<?>[components.length];
            var args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                argTypes[i] = components[i].getType();
                args[i] = sample(components[i].getGenericType(), c);
            }
            Constructor<?> canonical = c.getDeclaredConstructor(argTypes);
            canonical.setAccessible(true);
            try {
                return canonical.newInstance(args);
            } catch (InvocationTargetException refused) {
                if (number != 1) {
                    throw refused;
                }
                number = 200; // a record whose numbers must be larger (limits, budgets)
                try {
                    return sample(c, owner);
                } finally {
                    number = 1;
                }
            }
        }
        throw new AssertionError("no sample for " + c.getName() + " in " + owner.getName());
    }
}
