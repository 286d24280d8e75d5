import type { ChannelType} from 'discord.js';
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/index.ts';
import { permissionProblem, answer, choices, fail, respond, subscribe, topicChoices, timeZoneChoices } from '../src/discord/index.ts';

export const data = new SlashCommandBuilder()
  .setName('subscribe')
  .setDescription('Post briefs on a topic in this channel')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .addStringOption((o) => o.setName('topic').setDescription('Topic to follow').setRequired(true).setAutocomplete(true).setMaxLength(32))
  .addStringOption((o) =>
    o.setName('mode').setDescription('Each brief as it comes, or one digest a day').addChoices({ name: 'instant', value: 'instant' }, { name: 'digest', value: 'digest' }),
  )
  .addStringOption((o) => o.setName('time').setDescription('Digest time, HH:MM (24-hour; default 08:00)').setMaxLength(5))
  .addStringOption((o) => o.setName('timezone').setDescription('Time zone of the digest time, e.g. Europe/Berlin').setAutocomplete(true).setMaxLength(64))
  .addRoleOption((o) => o.setName('mention').setDescription('Role to mention with each post'));

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!i.inGuild()) return respond(i, fail('/subscribe only works in a server channel.'));
  const denied = permissionProblem(i.memberPermissions?.bitfield, 'ManageChannels');
  if (denied) return respond(i, fail(denied));
  await answer(
    i,
    async () => {
      const reply = await subscribe(ctx, {
        guildId: i.guildId,
        channelId: i.channelId,
        channelType: (i.channel?.type as ChannelType | undefined) ?? null,
        userId: i.user.id,
        topic: i.options.getString('topic', true),
        mode: i.options.getString('mode'),
        time: i.options.getString('time'),
        timezone: i.options.getString('timezone'),
        mentionRoleId: i.options.getRole('mention')?.id ?? null,
      });
      return reply;
    },
    { ephemeral: true },
  );
  // A backlog (or nothing) is delivered by the usual store-driven pass.
  ctx.delivery.pass({ channelId: i.channelId }).catch((err: unknown) => ctx.log.error({ err }, 'delivery pass after /subscribe failed'));
}

export async function autocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = i.options.getFocused(true);
  if (focused.name === 'timezone') return i.respond(choices(timeZoneChoices(String(focused.value))));
  await i.respond(choices(await topicChoices(ctx, i.guildId, String(focused.value))));
}
