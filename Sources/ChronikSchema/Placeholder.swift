public enum ChronikSchemaPlaceholder {}
