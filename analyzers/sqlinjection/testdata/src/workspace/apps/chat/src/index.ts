export { ChatRoom } from "@acme/rooms";

export default {
  async fetch(request: Request, env: { ROOMS: DurableObjectNamespace }) {
    const room = env.ROOMS.get(env.ROOMS.idFromName("lobby"));
    return room.fetch(request);
  },
};
