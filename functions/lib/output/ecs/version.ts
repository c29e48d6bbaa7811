/** The ECS version the collector's `ecs` format follows (checked against its generated field list). */
export const ECS_VERSION = '8.17.0';
