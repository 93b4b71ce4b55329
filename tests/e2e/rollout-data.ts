// The workspace the billing-dashboard flag hides in the many-workspaces end-to-end database
// (tests/e2e/rollout-seed.ts), and its only member.
export const HIDDEN = { slug: "rollout-hidden", id: "ws_rollout_hidden", name: "Rollout Hidden", admin: "rollout@example.com" };
