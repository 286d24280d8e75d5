import { PermissionFlagsBits } from 'discord-api-types/v10';

export type Needed = 'ManageChannels' | 'ManageGuild';

const LABEL: Record<Needed, string> = { ManageChannels: 'Manage Channels', ManageGuild: 'Manage Server' };

/**
 * Decides on the server whether a member may run an admin command. Discord hides such commands from
 * members without the default permission, but a crafted or stale client can still send them, so the
 * permissions Discord computed for the member (`interaction.memberPermissions`) are checked again.
 * Returns null when allowed, else the message to show.
 */
export function permissionProblem(memberPermissions: bigint | null | undefined, needed: Needed): string | null {
  if (memberPermissions === null || memberPermissions === undefined) return 'This command only works inside a server channel.';
  const bits = memberPermissions;
  if ((bits & PermissionFlagsBits.Administrator) === PermissionFlagsBits.Administrator) return null;
  if ((bits & PermissionFlagsBits[needed]) === PermissionFlagsBits[needed]) return null;
  return `You need the ${LABEL[needed]} permission to do this; ask a server admin to run it or to grant you that permission.`;
}

/** Permissions the bot needs in a channel it posts to (also the invite URL's bitfield). */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.ReadMessageHistory;
