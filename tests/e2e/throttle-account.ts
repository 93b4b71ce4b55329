export const THROTTLED_ACCOUNT = "throttled@example.com";
