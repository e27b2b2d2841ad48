package io.switchboard.system;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;

/**
 * How the gateway's own values cross between Hazelcast members (map values and keys, entry processors
 * and their results, topic messages): the class name, then the value as JSON, read back only into a
 * record or enum of the gateway ({@code io.switchboard}); anything else is refused on both sides. No
 * Java serialization of them: a value read from the network builds nothing but the gateway's own
 * records through their constructors.
 * <p>
 * Hazelcast's Compact serialization was the first choice, but its zero-configuration form takes no
 * {@code Instant}, {@code Duration}, {@code ZoneId} or sealed interface, which nearly every value
 * holds; the records already have a JSON form (the database's). The member's copy is the whole value:
 * what the database leaves out ({@code @JsonIgnore}, e.g. turns not yet written) still travels.
 */
final class JsonValueSerializer implements StreamSerializer<Object> {

    /** Hazelcast's ids of this serializer in the stream (user type ids are positive), one per registration. */
    static final int VALUES = 2_000;
    static final int ENTRY_PROCESSORS = 2_001;
    private static final String OWN_PACKAGE = "io.switchboard.";

    private final ObjectMapper json;
    private final ClassLoader classLoader;
    private final int typeId;

    JsonValueSerializer(ObjectMapper json, ClassLoader classLoader, int typeId) {
        this.json = json.copy()
                // a record's components, nothing derived (a getter of an interface such as Hazelcast's
                // EntryProcessor.getBackupProcessor() is no part of the value)
                .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public boolean hasIgnoreMarker(AnnotatedMember member) {
                        return false;
                    }
                });
        this.classLoader = classLoader;
        this.typeId = typeId;
    }

    @Override
    public int getTypeId() {
        return typeId;
    }

    @Override
    public void write(ObjectDataOutput out, Object value) throws IOException {
        Class<?> type = value instanceof Enum<?> constant ? constant.getDeclaringClass() : value.getClass();
        if (!own(type)) {
            throw new HazelcastSerializationException("not a value the gateway shares between members: "
                    + type.getName());
        }
        out.writeString(type.getName());
        out.writeByteArray(json.writeValueAsBytes(value));
    }

    @Override
    public Object read(ObjectDataInput in) throws IOException {
        String name = in.readString();
        Class<?> type = null;
        if (name != null && name.startsWith(OWN_PACKAGE)) {
            try {
                type = Class.forName(name, false, classLoader);
            } catch (ClassNotFoundException e) {
                type = null;
            }
        }
        if (type == null || !own(type)) {
            throw new HazelcastSerializationException("refused a value of a type the gateway does not share: "
                    + name);
        }
        return json.readValue(in.readByteArray(), type);
    }

    /** A record or enum of the gateway's own. */
    static boolean own(Class<?> type) {
        return type.getName().startsWith(OWN_PACKAGE) && (type.isRecord() || type.isEnum());
    }
}
